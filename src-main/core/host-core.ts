import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { LogBook } from './logs/log-book.js';
import { runCommand } from '../../src-node/processes/run-command.js';
import { commandOutput } from '../../src-node/processes/command-output.js';
import { PolicyMonitor } from './policy/policy-monitor.js';
import { PowerCoordinator } from './power/power-coordinator.js';
import { NO_POWER_EVENTS, NO_SLEEP_BLOCKER } from './power/power-source.js';
import type { PowerSource, SleepBlocker } from './power/power-source.js';
import { policySourceFor } from './policy/policy-source-for.js';
import type { PolicySource } from './policy/policy-source.js';
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
  /** Where IT policy is read (default: this OS's policy store, or `PLANASONIX_POLICY_FILE`). */
  policySource?: PolicySource;
  /** Sleep and power events, and how to keep the machine awake (the shell's own; default: none). */
  power?: { source: PowerSource; blocker: SleepBlocker };
}

export interface HostCore {
  service: HostService;
  supervisor: Supervisor;
  logs: LogBook;
  dispatch: ReturnType<typeof createHostApiDispatcher>;
  /** The host's own log. */
  log: Logger;
  /** Reads IT policy; the shell awaits `policy.start()` before starting the worker, and stops it. */
  policy: PolicyMonitor;
  /** Keeps the machine awake while jobs run and reacts to sleep and power; the shell stops it. */
  power: PowerCoordinator;
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

  // Settings and policy that shape the worker are read at each start: a change applies at the next
  // restart. Policy wins over the command line and the settings.
  const workerArgs = (): string[] => {
    const current = service.settings();
    const { ApiHost, MaxJobSlots } = service.currentPolicy().values;
    const args = ['run', '--data-dir', join(options.dataDir, 'agent'), '--log-level', current.logLevel];
    const apiHost = ApiHost ?? options.apiHost;
    if (apiHost) args.push('--api-host', apiHost);
    if (MaxJobSlots !== undefined) args.push('--job-slots', String(MaxJobSlots));
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
  const policy = new PolicyMonitor({
    source:
      options.policySource ??
      policySourceFor({ platform: process.platform, env: process.env, run: commandOutput }),
    clock,
    log: (level, msg) => log[level](msg),
    onChange: (view) => void service.applyPolicy(view),
  });
  const power = new PowerCoordinator({
    ...(options.power ?? { source: NO_POWER_EVENTS, blocker: NO_SLEEP_BLOCKER }),
    snapshot: () => service.snapshot(),
    onSnapshot: (listener) => service.on((event) => event === 'snapshot' && listener()),
    settings: () => service.settings(),
    intake: service.intake,
    reconnectNow: () => supervisor.send({ type: 'reconnect_now' }),
    log: (level, msg) => log[level](msg),
  });
  return { service, supervisor, logs, dispatch, policy, power, log };
}
