import { arch, platform, release } from 'node:os';
import { HostApiError } from '../../../src-shared/host-api/envelope.js';
import type { HostApiEvent, HostApiEventPayload } from '../../../src-shared/host-api/events.js';
import type { HostApiMethod, HostApiParams, HostApiResult } from '../../../src-shared/host-api/methods.js';
import type { PauseInfo } from '../../../src-shared/host-api/pause.js';
import { NO_POLICY, settingsUnderPolicy, type PolicyView } from '../../../src-shared/host-api/policy.js';
import type { HostSettings } from '../../../src-shared/host-api/settings.js';
import type { EnrollmentInfo, HostSnapshot, JobSummary } from '../../../src-shared/host-api/snapshot.js';
import type { PreflightCheck, WorkerState, WorkerToHost } from '../../../src-shared/worker-link.js';
import type { Clock } from '../clock.js';
import {
  buildDiagnosticsEntries,
  previewDiagnostics,
  zipDiagnostics,
} from '../diagnostics/diagnostics-bundle.js';
import type { LogBook } from '../logs/log-book.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Supervisor, SupervisorEvent } from '../supervisor/supervisor.js';
import type { EnrollmentRecordFile } from './enrollment-record.js';
import type { InstallerEnrollmentFiles } from './installer-enrollment.js';
import type { JobIntakeRecordFile } from './job-intake-record.js';
import { deriveEnrollment } from './enrollment-info.js';
import { JobIntake } from './job-intake.js';
import { pauseTarget } from './pause-target.js';
import { refuseUnderPolicy } from './policy-refusals.js';
import { jobSummaries } from './job-summaries.js';
import { JobOutputLines } from './job-output-lines.js';
import { MetricHistory } from './metric-history.js';
import { PemLineFilter, readWorkerOutputLine } from './worker-output.js';
import { WorkerRefusal, WorkerRequests } from './worker-requests.js';
import { errorMessage } from '../../../src-node/error-message.js';
import { isEnrollRefusal } from '../../../src-shared/agent-protocol/enrollment.js';
import { type Logger } from '../../../src-node/logging/create-logger.js';

export interface HostServiceDeps {
  appVersion: string;
  clock: Clock;
  supervisor: Supervisor;
  logs: LogBook;
  /** The host's own log (`hostLogger`); worker, agent and job lines go to `logs` as they come. */
  log: Logger;
  settings: SettingsStore;
  secrets: Pick<SecretStore, 'backend' | 'warning'>;
  enrollment: EnrollmentRecordFile;
  /** The installer's token and config in the machine config folder (unset: none is looked for). */
  installerEnrollment?: Pick<InstallerEnrollmentFiles, 'read' | 'removeToken'>;
  /** Where a pause is remembered across host restarts (unset: a pause lasts while this host runs). */
  jobIntake?: Pick<JobIntakeRecordFile, 'readIfValid' | 'write'>;
  /** The control plane this host was started for (`--api-host`): offered to enroll with. */
  apiHost?: string | null;
  /** Turns start-at-login on or off for this OS (the shell and the headless host supply their own). */
  applyStartAtLogin?: (enabled: boolean) => Promise<void>;
  timeouts?: { workerReadyMs?: number; enrollMs?: number; requestMs?: number };
}

type Handlers = { [M in HostApiMethod]: (params: HostApiParams<M>) => Promise<HostApiResult<M>> };
type EventListener = <E extends HostApiEvent>(event: E, payload: HostApiEventPayload<E>) => void;

/** The host API, implemented once for every transport. Params arrive already validated. */
export class HostService {
  private worker: WorkerState | null = null;
  private workerVersion: string | null = null;
  private linkUp = false;
  /** Whether new jobs are taken; the worker is told at each change and again when it (re)starts. */
  readonly intake: JobIntake;
  /** The IT policy in force (none until the host's policy monitor reports one). */
  private policy: PolicyView = NO_POLICY;
  /** The worker's last word on its jobs (kept while it restarts: they ran, the log says so). */
  private jobs: JobSummary[] = [];
  private readonly jobOutput = new JobOutputLines();
  private enrolling = false;
  private lastPreflight: PreflightCheck[] | null = null;
  private readonly history = new MetricHistory();
  private readonly pemFilter = new PemLineFilter();
  private readonly requests: WorkerRequests;
  private readonly listeners = new Set<EventListener>();
  private readonly timeouts: Required<NonNullable<HostServiceDeps['timeouts']>>;

  constructor(private readonly deps: HostServiceDeps) {
    this.requests = new WorkerRequests(deps.clock, (message) => deps.supervisor.send(message));
    this.intake = new JobIntake({
      clock: deps.clock,
      record: deps.jobIntake,
      log: (level, msg) => this.deps.log[level](msg),
      onChange: (pause) => this.onIntakeChange(pause),
    });
    this.timeouts = { workerReadyMs: 30_000, enrollMs: 120_000, requestMs: 30_000, ...deps.timeouts };
    deps.supervisor.on((event) => this.onSupervisorEvent(event));
    deps.logs.on((payload) => this.emit('logLines', payload));
  }

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly handlers: Handlers = {
    snapshot: () => Promise.resolve(this.snapshot()),
    enroll: (params) => this.enroll(params, { byInstaller: false }),
    unenroll: async () => {
      refuseUnderPolicy(this.policy.values, { type: 'unenroll' });
      if (this.enrollmentInfo().state !== 'enrolled')
        throw new HostApiError('not_enrolled', 'this agent is not enrolled');
      await this.requests.call({ type: 'unenroll' }, this.timeouts.requestMs);
      this.deps.enrollment.remove();
      this.deps.log.info('unenrolled at the user’s request');
      this.changed();
      return {};
    },
    pause: (params) => {
      refuseUnderPolicy(this.policy.values, { type: 'pause' });
      this.intake.pause(pauseTarget(params.for, this.deps.clock.now()));
      return Promise.resolve({});
    },
    resume: () => {
      this.intake.resume();
      return Promise.resolve({});
    },
    restartWorker: () => {
      this.deps.supervisor.start();
      return Promise.resolve({});
    },
    cancelJob: async ({ jobId }) => {
      await this.requests.call({ type: 'cancel_job', jobId }, this.timeouts.requestMs);
      return {};
    },
    logs: (params) => Promise.resolve(this.deps.logs.page(params)),
    metricHistory: ({ minutes }) =>
      Promise.resolve({ samples: this.history.since(this.deps.clock.now() - minutes * 60_000) }),
    getSettings: () => Promise.resolve(this.settings()),
    updateSettings: async (patch) => {
      const before = this.settings();
      refuseUnderPolicy(this.policy.values, { type: 'settings', patch, current: before });
      // The OS side first: if it fails, the stored settings stay as they were.
      if (patch.startAtLogin !== undefined && patch.startAtLogin !== before.startAtLogin) {
        await this.deps.applyStartAtLogin?.(patch.startAtLogin).catch((error: unknown) => {
          throw new HostApiError('internal', `start at login could not be changed: ${errorMessage(error)}`);
        });
      }
      const after = settingsUnderPolicy(this.deps.settings.update(patch), this.policy.values);
      this.deps.logs.setLimits({ maxBytes: after.logFileMaxBytes, kept: after.logFilesKept });
      this.deps.log.info(`settings changed: ${Object.keys(patch).join(', ')}`);
      // The tray's menu shows settings (start at login): a snapshot event makes the shells redraw.
      this.changed();
      return after;
    },
    diagnosticsPreview: () => Promise.resolve(previewDiagnostics(this.diagnosticsEntries())),
    diagnosticsExport: () => {
      this.deps.log.info('diagnostics bundle exported');
      return Promise.resolve(zipDiagnostics(this.diagnosticsEntries(), this.deps.clock.now()));
    },
  };

  snapshot(): HostSnapshot {
    const { backend, warning } = this.deps.secrets;
    return {
      appVersion: this.deps.appVersion,
      paused: this.intake.current() !== null,
      pause: this.intake.current(),
      enrollment: this.enrollmentInfo(),
      supervisor: this.deps.supervisor.info(),
      worker: this.worker,
      health: this.history.latest(),
      jobs: this.jobs,
      secrets: { backend, warning },
      policy: this.policy,
    };
  }

  /** The settings in force: the stored ones with what policy sets laid over them. */
  settings(): HostSettings {
    return settingsUnderPolicy(this.deps.settings.get(), this.policy.values);
  }

  /** The policy in force, for what reads it at each worker start. */
  currentPolicy(): PolicyView {
    return this.policy;
  }

  /**
   * Takes a new effective policy: a forced start-at-login is applied to the OS, a pause policy now
   * forbids is lifted, and the shells redraw (locks, tray items). Never throws.
   */
  async applyPolicy(view: PolicyView): Promise<void> {
    const before = this.settings();
    this.policy = view;
    const after = this.settings();
    if (view.values.AllowPause === false && this.intake.current()?.reason === 'operator') {
      this.deps.log.info('IT policy forbids pausing: taking jobs again');
      this.intake.resume();
    }
    this.changed();
    if (after.startAtLogin !== before.startAtLogin) {
      await this.deps.applyStartAtLogin?.(after.startAtLogin).catch((error: unknown) => {
        this.deps.log.warn(`start at login as policy sets it could not be applied: ${errorMessage(error)}`);
      });
    }
  }

  private async enroll(
    params: HostApiParams<'enroll'>,
    { byInstaller }: { byInstaller: boolean },
  ): Promise<HostApiResult<'enroll'>> {
    if (this.enrolling) throw new HostApiError('busy', 'an enrollment is already running');
    // The installer's token is IT's own doing: a locked enrollment does not refuse it.
    refuseUnderPolicy(this.policy.values, { type: 'enroll', apiHost: params.apiHost, byInstaller });
    if (this.enrollmentInfo().state === 'enrolled') {
      throw new HostApiError('already_enrolled', 'this agent is already enrolled: unenroll it first');
    }
    this.enrolling = true;
    this.lastPreflight = null;
    this.changed();
    try {
      await this.workerReady();
      const { token, ...rest } = params;
      const result = await this.requests.call({ type: 'enroll', token, ...rest }, this.timeouts.enrollMs);
      const agentId = agentIdOf(result) ?? this.worker?.agentId ?? null;
      if (agentId === null)
        throw new HostApiError('worker_error', 'the worker enrolled but reported no agent id');
      this.deps.enrollment.write({ agentId, label: params.label ?? null, apiHost: params.apiHost });
      this.deps.log.info(`enrolled as ${agentId} with ${params.apiHost}`);
      return { agentId };
    } finally {
      this.enrolling = false;
      this.changed();
    }
  }

  /**
   * Enrolls with the token a silent install left in the machine config folder, once, at start, when
   * this host is not enrolled yet; then deletes the token. A token the control plane refuses can
   * never work, so it is deleted too; a network or preflight failure keeps it for the next start.
   * Never throws: what happened goes to the host log (never the token).
   */
  async enrollFromInstaller(): Promise<void> {
    const source = this.deps.installerEnrollment;
    if (source === undefined || this.enrollmentInfo().state === 'enrolled') return;
    let inputs;
    try {
      inputs = await source.read();
    } catch (error) {
      this.deps.log.error(`the installer's enrollment files cannot be used: ${errorMessage(error)}`);
      return;
    }
    if (inputs === null) return;
    if (inputs.apiHost === null) {
      this.deps.log.error('an installer left an enrollment token but no api_host: enroll from the window');
      return;
    }
    this.deps.log.info(`enrolling with ${inputs.apiHost} using the token the installer left`);
    try {
      await this.enroll({ apiHost: inputs.apiHost, token: inputs.token }, { byInstaller: true });
      await this.removeInstallerToken(source, 'removed the spent installer token');
    } catch (error) {
      const refused = error instanceof WorkerRefusal && isEnrollRefusal(error.workerCode);
      this.deps.log.error(`enrollment with the installer's token failed: ${errorMessage(error)}`);
      if (refused)
        await this.removeInstallerToken(source, 'removed the refused installer token: ask for a new one');
    }
  }

  private async removeInstallerToken(
    source: Pick<InstallerEnrollmentFiles, 'removeToken'>,
    done: string,
  ): Promise<void> {
    try {
      await source.removeToken();
      this.deps.log.info(done);
    } catch (error) {
      this.deps.log.warn(`the installer token could not be removed: ${errorMessage(error)}`);
    }
  }

  /** Starts the worker when it is down (a worker that needs enrollment stays down until now). */
  private async workerReady(): Promise<void> {
    const supervisor = this.deps.supervisor;
    if (supervisor.info().state === 'running' && this.linkUp) return;
    supervisor.start();
    await new Promise<void>((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => {
        off();
        reject(new HostApiError('worker_unavailable', 'the worker did not start in time'));
      }, this.timeouts.workerReadyMs);
      const off = supervisor.on((event) => {
        const state = event.type === 'state' ? event.info.state : null;
        if (state === 'running' || state === 'halted' || state === 'backing_off' || state === 'stopped') {
          off();
          this.deps.clock.clearTimeout(timer);
          if (state === 'running') resolve();
          else
            reject(
              new HostApiError(
                'worker_unavailable',
                event.type === 'state' ? (event.info.reason ?? 'the worker stopped') : '',
              ),
            );
        }
      });
    });
  }

  /**
   * Stops job intake for a quit: running jobs get their grace, no new one starts. Not remembered,
   * unlike an operator's pause: the next start takes jobs again.
   */
  pauseForQuit(): Promise<Record<string, never>> {
    this.intake.pauseForQuit();
    return Promise.resolve({});
  }

  private onIntakeChange(pause: PauseInfo | null): void {
    this.deps.supervisor.send({ type: pause === null ? 'resume' : 'pause' });
    this.deps.log.info(
      pause === null ? 'resumed' : `paused (${pause.reason}${untilText(pause.until)}): no new jobs are taken`,
    );
    this.changed();
  }

  private enrollmentInfo(): EnrollmentInfo {
    return deriveEnrollment({
      worker: this.worker,
      record: this.deps.enrollment.readIfValid(),
      enrolling: this.enrolling,
      needsEnrollment: this.deps.supervisor.info().needsEnrollment,
      configuredApiHost: this.deps.apiHost ?? null,
    });
  }

  private onSupervisorEvent(event: SupervisorEvent): void {
    if (event.type === 'state') {
      const { state, reason } = event.info;
      if (state !== 'running') this.linkUp = false;
      if (state === 'starting') this.pemFilter.reset();
      // A stale "connected" from a worker that is gone would mislead; its last word on enrollment stays.
      if (state !== 'running' && state !== 'starting' && this.worker !== null) {
        if (this.worker.phase !== 'revoked' && this.worker.phase !== 'not_enrolled') this.worker = null;
      }
      if (state !== 'running' && state !== 'starting')
        this.requests.failAll(`the worker is ${state.replace('_', ' ')}`);
      this.deps.log[state === 'halted' ? 'error' : 'info'](
        `worker ${state.replace('_', ' ')}${reason ? `: ${reason}` : ''}`,
      );
      this.changed();
    } else if (event.type === 'message') {
      this.onWorkerMessage(event.message);
    } else if (event.type === 'output') {
      const line = this.pemFilter.filter(event.stream, event.line);
      const { entry, fromLogger } = readWorkerOutputLine(event.stream, line, this.deps.clock.now());
      if (!(fromLogger && this.linkUp)) this.deps.logs.write('agent', entry);
    } else {
      this.deps.log.warn(event.detail);
    }
  }

  private onWorkerMessage(message: WorkerToHost): void {
    switch (message.type) {
      case 'ready':
        this.linkUp = true;
        this.workerVersion = message.version;
        if (this.intake.current() !== null) this.deps.supervisor.send({ type: 'pause' });
        break;
      case 'state':
        this.worker = message.state;
        this.changed();
        break;
      case 'health':
        this.history.add(message.sample);
        this.emit('metricSample', message.sample);
        this.changed();
        break;
      case 'log':
        this.deps.logs.write('agent', {
          time: message.time,
          level: message.level,
          msg: message.msg,
          fields: message.fields,
        });
        break;
      case 'enroll_progress':
        this.lastPreflight = message.checks;
        this.emit('enrollProgress', { checks: message.checks });
        break;
      case 'reply':
        this.requests.reply(message.requestId, message);
        break;
      case 'jobs':
        this.jobs = jobSummaries(message.jobs);
        for (const job of message.jobs)
          if (job.state !== 'running') this.writeJobLines(job.id, this.jobOutput.end(job.id));
        this.changed();
        break;
      case 'job_output':
        this.writeJobLines(
          message.jobId,
          this.jobOutput.push(message.jobId, message.text, message.skippedBytes),
        );
        break;
      case 'pong':
        break;
    }
  }

  private diagnosticsEntries() {
    const now = this.deps.clock.now();
    return buildDiagnosticsEntries({
      now,
      versions: {
        app: this.deps.appVersion,
        worker: this.workerVersion,
        node: process.version,
        os: `${platform()} ${release()} ${arch()}`,
      },
      snapshot: this.snapshot(),
      settings: this.settings(),
      policy: this.policy,
      preflight: this.lastPreflight,
      health: this.history.since(now - 60 * 60_000),
      logs: { host: this.deps.logs.tail('host', 2000), agent: this.deps.logs.tail('agent', 2000) },
    });
  }

  /** Job output lands in the job's own log, which the UI reads (and follows) through the host API. */
  private writeJobLines(jobId: string, lines: readonly string[]): void {
    const time = this.deps.clock.now();
    for (const msg of lines) this.deps.logs.write('job', { time, level: 'info', msg }, jobId);
  }

  private changed(): void {
    this.emit('snapshot', this.snapshot());
  }

  private emit<E extends HostApiEvent>(event: E, payload: HostApiEventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}

function agentIdOf(result: unknown): string | null {
  return typeof result === 'object' &&
    result !== null &&
    'agentId' in result &&
    typeof result.agentId === 'string'
    ? result.agentId
    : null;
}

function untilText(until: number | null): string {
  return until === null ? '' : ` until ${new Date(until).toISOString()}`;
}
