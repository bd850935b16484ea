import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createSystemClock } from '../core/clock.js';
import { LogBook } from '../core/logs/log-book.js';
import type { LogLine } from '../../src-shared/host-api/logs.js';
import { applyStartAtLogin, startAtLoginPlan } from '../core/os/start-at-login.js';
import { FileSecretStore } from '../core/secrets/file-secret-store.js';
import { EnrollmentRecordFile } from '../core/service/enrollment-record.js';
import { createHostApiDispatcher } from '../core/service/host-api-dispatcher.js';
import { HostService } from '../core/service/host-service.js';
import { ConfSettingsStore } from '../core/settings/conf-settings-store.js';
import { createForkLauncher } from '../core/supervisor/fork-launcher.js';
import { Supervisor } from '../core/supervisor/supervisor.js';
import { startLoopbackServer } from './loopback-server.js';
import { runCommand } from '../core/os/run-command.js';

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
  stop(): Promise<void>;
}

/**
 * Data folder layout: settings.json, secrets/ (0600 files), logs/, enrollment.json, and agent/ (the
 * worker's own data folder, passed to it with --data-dir).
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const clock = createSystemClock();
  const settings = new ConfSettingsStore(options.dataDir);
  const initial = settings.get();
  const logs = new LogBook(join(options.dataDir, 'logs'), {
    maxBytes: initial.logFileMaxBytes,
    kept: initial.logFilesKept,
  });
  logs.on(({ source, lines }) => {
    if (source === 'host') for (const line of lines) options.onHostLog?.(line);
  });
  for (const note of settings.loadNotes) logs.write('host', { time: clock.now(), level: 'warn', msg: note });

  const secrets = new FileSecretStore(join(options.dataDir, 'secrets'));
  const token = (await secrets.get('ui-token')) ?? (await createToken(secrets));

  const workerArgs = () => {
    const current = settings.get();
    const args = ['run', '--data-dir', join(options.dataDir, 'agent'), '--log-level', current.logLevel];
    if (options.apiHost !== null) args.push('--api-host', options.apiHost);
    if (current.proxyUrl !== null) args.push('--proxy-url', current.proxyUrl);
    if (current.caBundlePath !== null) args.push('--ca-file', current.caBundlePath);
    return args;
  };
  const supervisor = new Supervisor({
    clock,
    launcher: createForkLauncher({
      modulePath: options.worker.modulePath,
      execArgv: options.worker.execArgv,
      args: workerArgs,
    }),
  });
  const hostCommand = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const service = new HostService({
    appVersion: options.appVersion,
    clock,
    supervisor,
    logs,
    settings,
    secrets,
    enrollment: new EnrollmentRecordFile(join(options.dataDir, 'enrollment.json')),
    applyStartAtLogin: (enabled) =>
      applyStartAtLogin(
        startAtLoginPlan({
          platform: process.platform,
          env: process.env,
          homeDir: process.env.HOME ?? '',
          command: hostCommand,
        }),
        enabled,
        { run: runCommand },
      ),
  });
  const hostLog = (level: 'info' | 'error', msg: string) =>
    logs.write('host', { time: clock.now(), level, msg });
  const dispatch = createHostApiDispatcher(service, (error) =>
    hostLog('error', `host API error: ${String(error)}`),
  );

  const server = await startLoopbackServer({
    port: options.uiPort,
    rendererDir: options.rendererDir,
    token,
    dispatch,
    subscribe: (listener) => service.on((event, payload) => listener(event, payload)),
    onError: (message) => hostLog('error', message),
  });
  hostLog('info', `host ${options.appVersion} started; web UI on 127.0.0.1:${server.port}`);
  supervisor.start();

  return {
    url: `http://127.0.0.1:${server.port}/#token=${token}`,
    port: server.port,
    service,
    async stop() {
      hostLog('info', 'host stopping');
      await supervisor.stop(settings.get().quitGraceSeconds * 1000);
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
