import { parseArgs } from 'node:util';
import { API_SCOPES, ApiKeyName, ApiScope } from '../../src-shared/rest/api-keys.js';
import { ApiKeyService } from '../api-keys/api-key-service.js';
import { ApiKeysRepository } from '../api-keys/api-keys-repository.js';
import { AuditRepository } from '../audit/audit-repository.js';
import { AuditTrail, CLI_ACTOR } from '../audit/audit-trail.js';
import { announceToReplicas } from '../cluster/announce.js';
import { createIdFactory } from '../common/id-factory.js';
import { ApiError } from '../http/api-error.js';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { openStore, type Store } from '../store/database.js';
import { databaseUrl, firstSentence, UsageError } from './server-config.js';

/**
 * `api-keys create|revoke|list`, offline, on the server's own database: whoever runs the server can
 * always mint a new admin key (a lost one is recoverable by them, and only by them) or cut one off.
 * Each change is in the audit trail with no key and no address (the CLI). Answers what to print.
 */
export async function runApiKeysCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  defaultDataDir: string,
): Promise<string> {
  const { positionals, values } = parse(argv);
  const [command, ...rest] = positionals;
  const run = commandFor(command, rest, values);
  const dataDir = values['data-dir'] ?? (env.PLANASONIX_DATA_DIR || defaultDataDir);
  const store = await openStore(dataDir, {
    databaseUrl: databaseUrl(values['database-url'] ?? (env.PLANASONIX_DATABASE_URL || undefined)),
  });
  try {
    const ids = createIdFactory();
    const log = createLogger({ name: 'control-plane', level: 'warn' });
    const audit = new AuditTrail({ repository: new AuditRepository(store.db), ids, now: Date.now, log });
    const service = new ApiKeyService({
      apiKeys: new ApiKeysRepository(store.db),
      audit,
      ids,
      now: Date.now,
    });
    return await run(service, store);
  } catch (error) {
    // Not found, already revoked: the operator's mistake, said as such.
    if (error instanceof ApiError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

type Values = ReturnType<typeof parse>['values'];
type Run = (service: ApiKeyService, store: Store) => Promise<string>;

function commandFor(command: string | undefined, rest: string[], values: Values): Run {
  switch (command) {
    case 'create': {
      if (rest.length > 0) throw new UsageError('api-keys create takes no positional arguments');
      const name = ApiKeyName.safeParse(values.name?.trim() ?? '');
      if (!name.success) throw new UsageError('api-keys create needs --name NAME (1 to 100 characters)');
      const scopes = [...new Set(values.scope ?? ['admin'])];
      const unknown = scopes.find((scope) => !ApiScope.safeParse(scope).success);
      if (unknown !== undefined) {
        throw new UsageError(`--scope ${unknown} is not a scope; use one of ${API_SCOPES.join(', ')}`);
      }
      return async (service) =>
        (await service.create(name.data, ApiScope.array().parse(scopes), CLI_ACTOR)).key;
    }
    case 'revoke': {
      const [id] = rest;
      if (rest.length !== 1 || id === undefined)
        throw new UsageError('api-keys revoke takes one key id (key_…)');
      return async (service, store) => {
        await service.revoke(id, CLI_ACTOR);
        // Running replicas on PostgreSQL drop the key from their caches now; SQLite reads it again.
        await announceToReplicas(store, 'cli', { type: 'api_key.revoked', keyId: id });
        return `revoked ${id}`;
      };
    }
    case 'list':
      if (rest.length > 0) throw new UsageError('api-keys list takes no positional arguments');
      return listAll;
    default:
      throw new UsageError('api-keys takes one subcommand: create, revoke or list');
  }
}

/** One line per key: id, state, scopes, name (never a secret). */
async function listAll(service: ApiKeyService): Promise<string> {
  const lines: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await service.list({ limit: 200, cursor });
    for (const key of page.keys) {
      const state = key.revoked_at === null ? 'active' : `revoked ${key.revoked_at}`;
      lines.push(`${key.id}\t${state}\t${key.scopes.join(',')}\t${key.name}`);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return lines.join('\n');
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        scope: { type: 'string', multiple: true },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(firstSentence(error));
  }
}
