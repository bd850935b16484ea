import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostApiResponse } from '../../src-shared/host-api/envelope.js';
import type { Clock } from '../core/clock.js';
import { LogBook } from '../core/logs/log-book.js';
import { applyStartAtLogin, startAtLoginPlan } from '../core/os/start-at-login.js';
import { runCommand } from '../core/os/run-command.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { EnrollmentRecordFile } from '../core/service/enrollment-record.js';
import { createHostApiDispatcher } from '../core/service/host-api-dispatcher.js';
import { HostService } from '../core/service/host-service.js';
import type { SettingsStore } from '../core/settings/settings-store.js';
import { Supervisor } from '../core/supervisor/supervisor.js';
import type { WorkerLauncher } from '../core/supervisor/worker-process.js';

export interface DesktopHostOptions {
  /** Same layout as the headless host: settings.json, secrets/, logs/, enrollment.json, agent/. */
  dataDir: string;
  appVersion: string;
  clock: Clock;
  settings: SettingsStore & { loadNotes?: readonly string[] };
  secrets: SecretStore;
  /** Builds the worker launcher for these worker arguments. */
  launcher(workerArgs: string[]): WorkerLauncher;
  /** The command a login item runs: the app itself, started to the tray only. */
  startAtLoginCommand: readonly string[];
}

export interface DesktopHost {
  service: HostService;
  supervisor: Supervisor;
  logs: LogBook;
  dispatch: (raw: unknown) => Promise<HostApiResponse>;
  hostLog: (level: 'info' | 'warn' | 'error', msg: string) => void;
}

/** The host core wired with the desktop app's adapters (utilityProcess, safeStorage, electron-store). */
export function createDesktopHost(options: DesktopHostOptions): DesktopHost {
  const { clock, settings } = options;
  const initial = settings.get();
  const logs = new LogBook(join(options.dataDir, 'logs'), {
    maxBytes: initial.logFileMaxBytes,
    kept: initial.logFilesKept,
  });
  const hostLog = (level: 'info' | 'warn' | 'error', msg: string) => {
    logs.write('host', { time: clock.now(), level, msg });
  };
  for (const note of settings.loadNotes ?? []) hostLog('warn', note);

  const supervisor = new Supervisor({
    clock,
    launcher: options.launcher(['run', '--data-dir', join(options.dataDir, 'agent')]),
  });
  const service = new HostService({
    appVersion: options.appVersion,
    clock,
    supervisor,
    logs,
    settings,
    secrets: options.secrets,
    enrollment: new EnrollmentRecordFile(join(options.dataDir, 'enrollment.json')),
    applyStartAtLogin: (enabled) =>
      applyStartAtLogin(
        startAtLoginPlan({
          platform: process.platform,
          env: process.env,
          homeDir: homedir(),
          command: options.startAtLoginCommand,
        }),
        enabled,
        { run: runCommand },
      ),
  });
  const dispatch = createHostApiDispatcher(service, (error) =>
    hostLog('error', `host API error: ${String(error)}`),
  );
  return { service, supervisor, logs, dispatch, hostLog };
}
