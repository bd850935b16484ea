import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostDataDir } from '../core/host-data-dir.js';
import { parseHeadlessOptions, USAGE } from './cli-options.js';
import { startHeadlessHost } from './headless-host.js';
import { errorMessage } from '../../src-node/error-message.js';

const repoRoot = new URL('../../', import.meta.url);

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', repoRoot), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The worker is started by path; PLANASONIX_WORKER_ENTRY swaps it (tests use stand-ins). */
function workerEntry(): { modulePath: string; execArgv: string[] } {
  const override = process.env.PLANASONIX_WORKER_ENTRY;
  const modulePath = override ?? fileURLToPath(new URL('src-agent/cli/main.ts', repoRoot));
  return { modulePath, execArgv: extname(modulePath) === '.ts' ? ['--import', 'tsx'] : [] };
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseHeadlessOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`host: ${errorMessage(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const dataDir =
    options.dataDir ?? hostDataDir({ platform: process.platform, env: process.env, homeDir: homedir() });

  const host = await startHeadlessHost({
    dataDir,
    uiPort: options.uiPort,
    apiHost: options.apiHost,
    rendererDir: process.env.PLANASONIX_RENDERER_DIR ?? fileURLToPath(new URL('dist/renderer/', repoRoot)),
    appVersion: appVersion(),
    worker: workerEntry(),
    onHostLog: (line) => console.error(`${new Date(line.time).toISOString()} ${line.level} ${line.msg}`),
  });
  console.log(`ui at ${host.url}`);

  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await host.stop();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`host: could not start: ${errorMessage(error)}`);
    process.exitCode = 1;
  },
);
