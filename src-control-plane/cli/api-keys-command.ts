import { parseArgs } from 'node:util';
import { ApiKeyService } from '../api-keys/api-key-service.js';
import { createIdFactory } from '../common/id-factory.js';
import { ApiKeysRepository } from '../api-keys/api-keys-repository.js';
import { openStore } from '../store/database.js';
import { databaseUrl, firstSentence, UsageError } from './server-config.js';

const NAME_MAX = 100;

/** `api-keys create --name NAME [--data-dir DIR] [--database-url URL]`: prints the new key, alone, on stdout. */
export async function runApiKeysCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  defaultDataDir: string,
): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(firstSentence(error));
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'create') {
    throw new UsageError('api-keys takes one subcommand: create');
  }
  const name = values.name?.trim() ?? '';
  if (name === '' || name.length > NAME_MAX) {
    throw new UsageError(`api-keys create needs --name NAME (1 to ${NAME_MAX} characters)`);
  }
  const dataDir = values['data-dir'] ?? (env.PLANASONIX_DATA_DIR || defaultDataDir);
  const store = await openStore(dataDir, {
    databaseUrl: databaseUrl(values['database-url'] ?? (env.PLANASONIX_DATABASE_URL || undefined)),
  });
  try {
    const service = new ApiKeyService({
      apiKeys: new ApiKeysRepository(store.db),
      ids: createIdFactory(),
      now: Date.now,
    });
    return await service.create(name);
  } finally {
    await store.close();
  }
}
