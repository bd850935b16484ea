import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { Logger } from 'pino';
import { defaultDataDir } from '../../src-shared/platform/data-dir.js';
import { startControlPlane } from '../app.js';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { runApiKeysCommand } from './api-keys-command.js';
import { resolveServerConfig, UsageError } from './server-config.js';
import { USAGE } from './usage.js';
import { errorMessage } from '../../src-node/error-message.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(argv: string[]): Promise<void> {
  const dataDir = defaultDataDir({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    appName: 'planasonix-control-plane',
  });
  if (argv[0] === 'api-keys') {
    process.stdout.write(`${await runApiKeysCommand(argv.slice(1), process.env, dataDir)}\n`);
    return;
  }
  const config = resolveServerConfig(argv, process.env, dataDir);
  if (config === null) {
    process.stdout.write(USAGE);
    return;
  }
  const logger = createLogger({ name: 'control-plane', level: config.logLevel });
  // Handlers go in before anything is printed: a script may signal as soon as it reads the listen line.
  const shutdown = onceSignalled(logger);
  const plane = await startControlPlane({ ...config, logger, version: packageVersion() });
  if (plane.createdApiKey !== null) {
    process.stdout.write(`api key (shown once, store it now): ${plane.createdApiKey}\n`);
  }
  if (plane.metricsUrl !== null) process.stdout.write(`metrics on ${plane.metricsUrl}\n`);
  process.stdout.write(`listening on ${plane.url}\n`);
  await shutdown;
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + config.drainWindowMs).unref();
  // Readiness goes 503 and agents move to other replicas first; then requests in flight finish.
  await plane.drain();
  await plane.close();
  process.exit(0);
}

function onceSignalled(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\nRun with --help for usage.\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${errorMessage(error)}\n`);
  process.exit(1);
});
