import { homedir } from 'node:os';
import packageJson from '../../package.json' with { type: 'json' };
import { hostDataDir } from '../core/host-data-dir.js';
import { parseHeadlessOptions, USAGE } from './cli-options.js';
import { startHeadlessHost } from './headless-host.js';
import { hostLayout } from './host-layout.js';
import { errorMessage } from '../../src-node/error-message.js';
import type { StopRequest } from './stop-signals.js';

/**
 * The headless host's command: starts the host, runs it until a stop signal, stops it. Returns the
 * exit code: 0 after a stop (also one asked for during start-up), 2 for bad usage, 1 when it
 * cannot start.
 */
export async function runHeadlessHost(argv: string[], stop: StopRequest): Promise<number> {
  let options;
  try {
    options = parseHeadlessOptions(argv, process.env);
  } catch (error) {
    console.error(`host: ${errorMessage(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const early = stop.received();
  if (early !== null) {
    console.error(`host: ${early} before start-up finished; not starting`);
    return 0;
  }
  const dataDir =
    options.dataDir ?? hostDataDir({ platform: process.platform, env: process.env, homeDir: homedir() });
  const layout = hostLayout(import.meta.url, process.env);

  let host;
  try {
    host = await startHeadlessHost({
      dataDir,
      uiPort: options.uiPort,
      apiHost: options.apiHost,
      rendererDir: layout.rendererDir,
      appVersion: packageJson.version,
      worker: layout.worker,
      onHostLog: (line) => console.error(`${new Date(line.time).toISOString()} ${line.level} ${line.msg}`),
    });
  } catch (error) {
    console.error(`host: could not start: ${errorMessage(error)}`);
    return 1;
  }
  console.log(`ui at ${host.url}`);
  await host.stop(await stop.requested);
  return 0;
}
