import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { LogBook } from './logs/log-book.js';
import { runCommand } from '../../src-node/processes/run-command.js';
import { applyStartAtLogin, startAtLoginPlan } from './os/start-at-login.js';
import type { SecretStore } from './secrets/secret-store.js';
import { machineConfigDir } from '../../src-shared/platform/data-dir.js';
import { InstallerEnrollmentFiles } from './service/installer-enrollment.js';
import { JobIntakeRecordFile } from './service/job-intake-record.js';
import { EnrollmentRecordFile } from './service/enrollment-record.js';
import { createHostApiDispatcher } from './service/host-api-dispatcher.js';
import { HostService } from './service/host-service.js';
import type { SettingsStore } from './settings/settings-store.js';
import { Supervisor } from './supervisor/supervisor.js';
import type { WorkerLauncher } from './supervisor/worker-process.js';
import { errorMessage } from '../../src-node/error-message.js';
import { hostLogger } from './logs/host-logger.js';
import { type Logger } from '../../src-node/logging/create-logger.js';

export interface HostCoreOptions {
  /** Host data folder: logs/, enrollment.json, and agent/ (the worker's own data folder). */
  dataDir: string;
  appVersion: string;
  clock: Clock;
  settings: SettingsStore & { readonly loadNotes?: readonly string[] };
  secrets: Pick<SecretStore, 'backend' | 'warning'>;
  /** Makes the worker launcher; `args` gives the worker's arguments for each start. */
  launcher(args: () => readonly string[]): WorkerLauncher;
  /** The command that starts this host, for start at login. */
  startAtLoginCommand: readonly string[];
  /**
   * Why start at login cannot be turned on from where the host runs now (a macOS app outside
   * /Applications), or null. Turning it off is always allowed.
   */
  startAtLoginBlocked?: () => string | null;
  /** Control plane the worker uses before it is enrolled (`--api-host`). */
  apiHost?: string | null;
  /** Where a silent install leaves its config and token (default: this OS's `machineConfigDir`). */
  machineConfigDir?: string;
}

export interface HostCore {
  service: HostService;
  supervisor: Supervisor;
  logs: LogBook;
  dispatch: ReturnType<typeof createHostApiDispatcher>;
  /** The host's own log. */
  log: Logger;
}

/**
 * Wires the host core the same way for every shell: logs, supervisor, service and the validating
 * dispatcher. The caller starts the worker (`supervisor.start()`) once its transport is up, then
 * `service.enrollFromInstaller()` (a silent install's token, if one waits).
 */
export function createHostCore(options: HostCoreOptions): HostCore {
  const { clock, settings } = options;
  const initial = settings.get();
  const logs = new LogBook(join(options.dataDir, 'logs'), {
    maxBytes: initial.logFileMaxBytes,
    kept: initial.logFilesKept,
  });
  const log = hostLogger(logs, clock);
  for (const note of settings.loadNotes ?? []) log.warn(note);

  // Settings that shape the worker are read at each start, so a change applies at the next restart.
  const workerArgs = () => {
    const current = settings.get();
    const args = ['run', '--data-dir', join(options.dataDir, 'agent'), '--log-level', current.logLevel];
    if (options.apiHost) args.push('--api-host', options.apiHost);
    if (current.proxyUrl !== null) args.push('--proxy-url', current.proxyUrl);
    if (current.caBundlePath !== null) args.push('--ca-file', current.caBundlePath);
    return args;
  };
  const supervisor = new Supervisor({ clock, launcher: options.launcher(workerArgs) });
  const service = new HostService({
    appVersion: options.appVersion,
    clock,
    supervisor,
    logs,
    log,
    settings,
    secrets: options.secrets,
    enrollment: new EnrollmentRecordFile(join(options.dataDir, 'enrollment.json')),
    jobIntake: new JobIntakeRecordFile(join(options.dataDir, 'job-intake.json')),
    apiHost: options.apiHost ?? null,
    installerEnrollment: new InstallerEnrollmentFiles(
      options.machineConfigDir ?? machineConfigDir({ platform: process.platform, env: process.env }),
    ),
    applyStartAtLogin: (enabled) => {
      const blocked = enabled ? (options.startAtLoginBlocked?.() ?? null) : null;
      if (blocked !== null) return Promise.reject(new Error(blocked));
      return applyStartAtLogin(
        startAtLoginPlan({
          platform: process.platform,
          env: process.env,
          homeDir: homedir(),
          command: options.startAtLoginCommand,
        }),
        enabled,
        { run: runCommand },
      );
    },
  });
  const dispatch = createHostApiDispatcher(service, (error) =>
    log.error(`host API error: ${errorMessage(error)}`),
  );
  return { service, supervisor, logs, dispatch, log };
}
