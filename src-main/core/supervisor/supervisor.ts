import { randomUUID } from 'node:crypto';
import { WORKER_EXIT, WorkerToHost } from '../../../src-shared/worker-link.js';
import type { HostToWorker } from '../../../src-shared/worker-link.js';
import type { SupervisorInfo, SupervisorState, WorkerExit } from '../../../src-shared/host-api/snapshot.js';
import type { Clock, TimerHandle } from '../clock.js';
import { CrashWindow, restartDelayMs } from './restart-policy.js';
import type { WorkerExitStatus, WorkerLauncher, WorkerProcess } from './worker-process.js';
import { errorMessage } from '../../../src-node/error-message.js';

export interface SupervisorOptions {
  launcher: WorkerLauncher;
  clock: Clock;
  random?: () => number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Running this long without a crash resets the backoff to its base. */
  healthySpellMs?: number;
  breakerCrashes?: number;
  breakerWindowMs?: number;
  pingIntervalMs?: number;
  livenessTimeoutMs?: number;
  /** A worker that sends no `ready` within this is treated as hung. */
  startTimeoutMs?: number;
  /** Extra time after the shutdown grace before the process tree is killed. */
  stopMarginMs?: number;
}

/** What the supervisor tells its listeners; `message` carries validated link messages only. */
export type SupervisorEvent =
  | { type: 'state'; info: SupervisorInfo }
  | { type: 'message'; message: WorkerToHost }
  | { type: 'output'; stream: 'stdout' | 'stderr'; line: string }
  | { type: 'link-error'; detail: string };

const DEFAULTS = {
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  healthySpellMs: 60_000,
  breakerCrashes: 5,
  breakerWindowMs: 10 * 60_000,
  pingIntervalMs: 10_000,
  livenessTimeoutMs: 30_000,
  startTimeoutMs: 30_000,
  stopMarginMs: 5000,
};

/**
 * Keeps the agent worker running: stopped → starting → running, and on an unplanned exit
 * backing_off → starting again, or halted once the crash-loop breaker trips. Exit codes follow
 * WORKER_EXIT: 0 and 10 keep it down (10 = needs enrollment); anything else is a crash.
 */
export class Supervisor {
  private readonly options: typeof DEFAULTS;
  private readonly random: () => number;
  private state: SupervisorState = 'stopped';
  private child: WorkerProcess | null = null;
  private restarts = 0;
  private attempt = 0;
  private nextRestartAt: number | null = null;
  private lastExit: WorkerExit | null = null;
  private reason: string | null = null;
  private needsEnrollment = false;
  /** Why we are killing the current child, so its exit is reported truthfully. */
  private killReason: string | null = null;
  private lastPongAt = 0;
  private readonly crashes: CrashWindow;
  private readonly timers = new Map<'restart' | 'ping' | 'start' | 'stop' | 'healthy', TimerHandle>();
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private stopWaiters: (() => void)[] = [];
  /**
   * The grace of a stop asked for before the worker said `ready`: it only hears orders from then
   * on (before, a `shutdown` is dropped), so the order is sent when `ready` arrives.
   */
  private shutdownOnReady: { graceMs: number; marginMs: number } | null = null;
  /** Set by close(): the host is quitting, so nothing starts a worker again. */
  private closed = false;

  constructor(
    private readonly deps: Pick<SupervisorOptions, 'launcher' | 'clock'> & Partial<SupervisorOptions>,
  ) {
    this.options = { ...DEFAULTS, ...definedOnly(deps) };
    this.random = deps.random ?? Math.random;
    this.crashes = new CrashWindow(this.options.breakerWindowMs);
  }

  on(listener: (event: SupervisorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(): SupervisorInfo {
    return {
      state: this.state,
      restarts: this.restarts,
      nextRestartAt: this.nextRestartAt,
      lastExit: this.lastExit,
      reason: this.reason,
      needsEnrollment: this.needsEnrollment,
    };
  }

  /** Starts the worker now (also the user's way out of halted or backing_off). */
  start(): void {
    if (this.closed) return;
    if (this.state === 'starting' || this.state === 'running' || this.state === 'stopping') return;
    if (this.state === 'halted') this.crashes.clear();
    this.cancel('restart');
    this.launch();
  }

  /** Sends a link message to a live worker; false when there is none to receive it. */
  send(message: HostToWorker): boolean {
    if (this.child === null || (this.state !== 'starting' && this.state !== 'running')) return false;
    return this.child.send(message);
  }

  /**
   * Asks the worker to finish within graceMs and exit; kills its tree if it has not exited marginMs
   * after that (default: the supervisor's stopMarginMs). A session end asks for a grace of 0 (cancel
   * the running jobs now) with a longer margin, for the cancelled jobs to be reported.
   *
   * A worker still starting (no `ready` yet) runs no job and cannot hear the order yet: it gets
   * marginMs to say ready, is then told to shut down with the full grace, and is killed otherwise.
   */
  async stop(graceMs = 10_000, marginMs = this.options.stopMarginMs): Promise<void> {
    if (this.state === 'backing_off' || this.state === 'halted') {
      this.cancel('restart');
      this.setState('stopped', { nextRestartAt: null, reason: null });
      return;
    }
    if (this.child === null) return;
    const done = new Promise<void>((resolve) => this.stopWaiters.push(resolve));
    if (this.state === 'starting') {
      this.clearLivenessTimers();
      this.setState('stopping', {});
      this.shutdownOnReady = { graceMs, marginMs };
      this.arm('stop', marginMs, () => {
        this.kill(`was still starting ${Math.round(marginMs / 1000)} s after it was asked to stop`);
      });
    } else if (this.state === 'running') {
      this.clearLivenessTimers();
      this.setState('stopping', {});
      this.orderShutdown(graceMs, marginMs);
    }
    return done;
  }

  /**
   * The host is quitting: stops the worker as stop() does, and from now on start() does nothing, so
   * a request still in flight (an enrollment, a restart from the UI) cannot start a worker that
   * would outlive the host.
   */
  close(graceMs?: number, marginMs?: number): Promise<void> {
    this.closed = true;
    return this.stop(graceMs, marginMs);
  }

  private orderShutdown(graceMs: number, marginMs: number): void {
    this.child?.send({ type: 'shutdown', graceMs });
    this.arm('stop', graceMs + marginMs, () => {
      this.kill(`did not stop within ${Math.round((graceMs + marginMs) / 1000)} s`);
    });
  }

  private launch(): void {
    this.shutdownOnReady = null;
    if (this.lastExit !== null) this.restarts += 1;
    this.needsEnrollment = false;
    this.killReason = null;
    const child = this.deps.launcher.launch();
    this.child = child;
    this.setState('starting', { nextRestartAt: null, reason: null });
    child.onMessage((raw) => this.onMessage(child, raw));
    child.onOutput((stream, line) => this.emit({ type: 'output', stream, line }));
    child.onExit((status) => this.onExit(child, status));
    this.arm('start', this.options.startTimeoutMs, () =>
      this.kill(`sent no ready message within ${this.options.startTimeoutMs / 1000} s`),
    );
  }

  private onMessage(child: WorkerProcess, raw: unknown): void {
    if (child !== this.child) return;
    const parsed = WorkerToHost.safeParse(raw);
    if (!parsed.success) {
      this.emit({
        type: 'link-error',
        detail: `ignored a malformed message from the worker: ${parsed.error.message}`,
      });
      return;
    }
    const message = parsed.data;
    if (message.type === 'pong') this.lastPongAt = this.deps.clock.now();
    if (message.type === 'ready' && this.state === 'stopping' && this.shutdownOnReady !== null) {
      this.orderShutdown(this.shutdownOnReady.graceMs, this.shutdownOnReady.marginMs);
      this.shutdownOnReady = null;
    }
    if (message.type === 'ready' && this.state === 'starting') {
      this.cancel('start');
      this.lastPongAt = this.deps.clock.now();
      this.setState('running', {});
      this.schedulePing();
      this.arm('healthy', this.options.healthySpellMs, () => (this.attempt = 0));
    }
    this.emit({ type: 'message', message });
  }

  private schedulePing(): void {
    this.arm('ping', this.options.pingIntervalMs, () => {
      if (this.state !== 'running') return;
      const silentFor = this.deps.clock.now() - this.lastPongAt;
      if (silentFor >= this.options.livenessTimeoutMs) {
        this.kill(`no answer to the liveness ping for ${Math.round(silentFor / 1000)} s`);
        return;
      }
      this.child?.send({ type: 'ping', nonce: randomUUID() });
      this.schedulePing();
    });
  }

  private kill(reason: string): void {
    if (this.child === null) return;
    this.killReason = reason;
    this.child.killTree().catch((error: unknown) => {
      this.emit({ type: 'link-error', detail: `could not kill the worker: ${errorMessage(error)}` });
    });
  }

  private onExit(child: WorkerProcess, status: WorkerExitStatus): void {
    if (child !== this.child) return;
    this.child = null;
    this.clearLivenessTimers();
    this.cancel('stop');
    const now = this.deps.clock.now();
    const wasStopping = this.state === 'stopping';
    const exit = (reason: string): WorkerExit => ({
      code: status.code,
      signal: status.signal,
      at: now,
      reason,
    });

    if (wasStopping || (status.code === WORKER_EXIT.stopped && this.killReason === null)) {
      this.lastExit = exit(this.killReason ?? 'stopped');
      this.setState('stopped', { reason: null });
    } else if (status.code === WORKER_EXIT.needsEnrollment && this.killReason === null) {
      this.lastExit = exit('needs enrollment');
      this.needsEnrollment = true;
      this.setState('stopped', { reason: 'The agent is not enrolled (or was revoked): enroll it to start.' });
    } else {
      this.onCrash(now, exit(this.killReason ?? crashReason(status)));
    }
    const waiters = this.stopWaiters;
    this.stopWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private onCrash(now: number, exit: WorkerExit): void {
    this.lastExit = exit;
    const recent = this.crashes.record(now);
    if (recent >= this.options.breakerCrashes) {
      const minutes = Math.round(this.options.breakerWindowMs / 60_000);
      this.setState('halted', {
        nextRestartAt: null,
        reason: `The worker crashed ${recent} times in ${minutes} minutes (last: ${exit.reason}); it stays stopped until you restart it.`,
      });
      return;
    }
    const { backoffBaseMs: baseMs, backoffMaxMs: maxMs } = this.options;
    const delay = restartDelayMs(this.attempt, { baseMs, maxMs }, this.random);
    this.attempt += 1;
    this.arm('restart', delay, () => this.launch());
    this.setState('backing_off', { nextRestartAt: now + delay, reason: `restarting after: ${exit.reason}` });
  }

  private setState(
    state: SupervisorState,
    changes: { nextRestartAt?: number | null; reason?: string | null },
  ) {
    this.state = state;
    if (changes.nextRestartAt !== undefined) this.nextRestartAt = changes.nextRestartAt;
    if (changes.reason !== undefined) this.reason = changes.reason;
    this.emit({ type: 'state', info: this.info() });
  }

  private arm(name: Parameters<Supervisor['cancel']>[0], ms: number, callback: () => void): void {
    this.cancel(name);
    this.timers.set(
      name,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(name);
        callback();
      }, ms),
    );
  }

  private cancel(name: 'restart' | 'ping' | 'start' | 'stop' | 'healthy'): void {
    const handle = this.timers.get(name);
    if (handle !== undefined) this.deps.clock.clearTimeout(handle);
    this.timers.delete(name);
  }

  private clearLivenessTimers(): void {
    this.cancel('ping');
    this.cancel('start');
    this.cancel('healthy');
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function crashReason(status: WorkerExitStatus): string {
  if (status.startError !== undefined) return `could not start: ${status.startError}`;
  if (status.signal !== null) return `killed by ${status.signal}`;
  return `crashed with exit code ${status.code}`;
}

function definedOnly(options: Partial<SupervisorOptions>): Partial<typeof DEFAULTS> {
  return Object.fromEntries(
    Object.entries(options).filter(([key, value]) => value !== undefined && key in DEFAULTS),
  );
}
