import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { LogLine } from '../../src-shared/host-api/logs.js';
import { createSystemClock } from '../core/clock.js';
import { createHostCore } from '../core/host-core.js';
import { FileSecretStore } from '../core/secrets/file-secret-store.js';
import type { HostService } from '../core/service/host-service.js';
import { ConfSettingsStore } from '../core/settings/conf-settings-store.js';
import { networkReturnSource } from '../core/power/network-return.js';
import { NO_SLEEP_BLOCKER } from '../core/power/power-source.js';
import { SystemdInhibitBlocker } from '../core/power/systemd-inhibit-blocker.js';
import { createForkLauncher } from '../core/supervisor/fork-launcher.js';
import { startLoopbackServer } from './loopback-server.js';
export interface HeadlessHostOptions {
  dataDir: string;
  uiPort: number;
  apiHost: string | null;
  rendererDir: string;
  appVersion: string;
  /** How to start the worker: its entry module and Node flags (tsx in development). */
  worker: { modulePath: string; execArgv: string[] };
  /** Each host log line as it is written (the CLI prints them to stderr for the journal). */
  onHostLog?: (line: LogLine) => void;
}

export interface HeadlessHost {
  url: string;
  port: number;
  service: HostService;
  /** Stops the worker (its jobs get the quit grace) and the web server; `why` goes to the log. */
  stop(why: string): Promise<void>;
}

/**
 * Data folder layout: settings.json, secrets/ (0600 files), logs/, enrollment.json, and agent/ (the
 * worker's own data folder, passed to it with --data-dir).
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const clock = createSystemClock();
  const settings = new ConfSettingsStore(options.dataDir);
  const secrets = new FileSecretStore(join(options.dataDir, 'secrets'));
  const token = (await secrets.get('ui-token')) ?? (await createToken(secrets));
  const { service, supervisor, logs, dispatch, policy, power, log } = createHostCore({
    dataDir: options.dataDir,
    appVersion: options.appVersion,
    clock,
    settings,
    secrets,
    apiHost: options.apiHost,
    launcher: (args) => createForkLauncher({ ...options.worker, args }),
    // A headless host sees no sleep or battery events, only the network coming back; on Linux it
    // keeps the machine awake with a systemd inhibitor lock while jobs run.
    power: {
      source: networkReturnSource(clock, networkInterfaces),
      blocker:
        process.platform === 'linux' ? new SystemdInhibitBlocker((msg) => log.warn(msg)) : NO_SLEEP_BLOCKER,
    },
    startAtLoginCommand: [process.execPath, ...process.execArgv, ...process.argv.slice(1)],
  });
  logs.on(({ source, lines }) => {
    if (source === 'host') for (const line of lines) options.onHostLog?.(line);
  });

  const server = await startLoopbackServer({
    port: options.uiPort,
    rendererDir: options.rendererDir,
    token,
    dispatch,
    subscribe: (listener) => service.on((event, payload) => listener(event, payload)),
    onError: (message) => log.error(message),
  });
  log.info(`host ${options.appVersion} started; web UI on 127.0.0.1:${server.port}`);
  await policy.start();
  supervisor.start();
  void service.enrollFromInstaller();

  return {
    url: `http://127.0.0.1:${server.port}/#token=${token}`,
    port: server.port,
    service,
    async stop(why) {
      log.info(`host stopping (${why})`);
      policy.stop();
      power.stop();
      await supervisor.close(settings.get().quitGraceSeconds * 1000);
      await server.close();
      logs.close();
    },
  };
}

async function createToken(secrets: FileSecretStore): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await secrets.set('ui-token', token);
  return token;
}
