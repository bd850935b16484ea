import { hostname as osHostname, arch, release } from 'node:os';
import { SESSION_PATH } from '../../src-shared/agent-protocol/index.js';
import type { HealthSample, PreflightCheck } from '../../src-shared/worker-link.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import { agentPlatform } from '../enrollment/agent-platform.js';
import { redeemEnrollmentToken } from '../enrollment/enroll-client.js';
import type { HealthSampler } from '../health/health-sampler.js';
import {
  generateIdentity,
  identityFromPem,
  identityToPem,
  type AgentIdentity,
} from '../identity/agent-identity.js';
import type { CredentialStore } from '../identity/credential-store.js';
import type { LocalState, LocalStateFile } from '../identity/local-state.js';
import type { Logger } from '../../src-node/logging/create-logger.js';
import type { Transport } from '../network/transport.js';
import { runPreflight } from '../preflight/run-preflight.js';
import { Backoff } from '../reconnect/backoff.js';
import { SessionLoop, type LoopResult } from '../session/session-loop.js';
import type { JobCoordinator } from './job-coordinator.js';
import {
  initialWorkerState,
  transition,
  type AgentWorkerState,
  type WorkerEvent,
} from './worker-state-machine.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface EnrollInput {
  apiHost: string;
  token: string;
  label?: string;
  tags?: string[];
}

export type EnrollResult = { ok: true; agentId: string } | { ok: false; code: string; message: string };

/** Why the worker came to rest; the standalone CLI turns it into an exit code, the host into UI. */
export type Halt = { kind: 'revoked' | 'superseded' | 'fatal'; reason: string };

export interface AgentWorkerDeps {
  credentials: CredentialStore;
  localState: LocalStateFile;
  transport: Transport;
  version: string;
  capabilities: () => Promise<string[]>;
  health: () => Promise<HealthSampler>;
  log: Logger;
  onState: (state: AgentWorkerState) => void;
  onHealth?: (sample: HealthSample) => void;
  onHalt?: (halt: Halt) => void;
  /** From PLANASONIX_AGENT_ID: the agent this data folder must belong to, if set. */
  expectedAgentId?: string | null;
  /** The jobs this agent runs (opened, with crash recovery done, before `start`); none: no jobs. */
  jobs?: JobCoordinator;
  now?: () => number;
  backoff?: Backoff;
}

/**
 * The worker: owns the state machine, the identity and the session loop. Everything it does is
 * published as a state change; it never exits the process itself.
 */
export class AgentWorker {
  private current: AgentWorkerState = initialWorkerState();
  private loop: SessionLoop | null = null;
  /** Bumped by every start and stop, so a loop whose start was overtaken by a stop never runs. */
  private loopGeneration = 0;
  private identity: AgentIdentity | null = null;
  private sessionPath = SESSION_PATH;
  private readonly now: () => number;
  private readonly backoff: Backoff;

  constructor(private readonly deps: AgentWorkerDeps) {
    this.now = deps.now ?? Date.now;
    this.backoff = deps.backoff ?? new Backoff({ now: this.now });
  }

  get state(): AgentWorkerState {
    return this.current;
  }

  /** Picks up an earlier enrollment, if there is one, and connects. */
  async start(): Promise<void> {
    let saved: LocalState | null;
    let pem: string | null;
    try {
      saved = this.deps.localState.read();
      pem = await this.deps.credentials.read();
      if (saved && pem) this.identity = identityFromPem(pem);
    } catch (error) {
      // A damaged file is the operator's to look at: say which and stop, rather than guess.
      const reason = `cannot read this agent's enrollment: ${errorMessage(error)}`;
      this.apply({ type: 'fatal', failure: null, reason, at: this.now() });
      return;
    }
    if (saved && this.deps.expectedAgentId && saved.agent_id !== this.deps.expectedAgentId) {
      this.apply({
        type: 'fatal',
        failure: null,
        reason: `this data folder belongs to agent ${saved.agent_id}, not ${this.deps.expectedAgentId} (PLANASONIX_AGENT_ID)`,
        at: this.now(),
      });
      return;
    }
    if (!saved || !pem) {
      if (saved || pem) {
        this.deps.log.warn(
          'found half an enrollment (state without key or key without state); forgetting it',
        );
        await this.forget();
      }
      this.deps.onState(this.current);
      return;
    }
    this.sessionPath = saved.session_path ?? SESSION_PATH;
    this.apply({ type: 'credential_ready', agentId: saved.agent_id, apiHost: saved.api_host });
    this.startLoop();
  }

  async enroll(input: EnrollInput, onProgress?: (checks: PreflightCheck[]) => void): Promise<EnrollResult> {
    const started = this.apply({ type: 'enroll_started', apiHost: input.apiHost });
    if (!started)
      return { ok: false, code: 'already_enrolled', message: `cannot enroll while ${this.current.phase}` };
    const fail = (code: string, message: string): EnrollResult => {
      this.deps.log.error({ code }, `enrollment failed: ${message}`);
      this.apply({ type: 'enroll_failed', reason: message, at: this.now() });
      return { ok: false, code, message };
    };
    const platform = agentPlatform(process.platform);
    if (platform === null)
      return fail('unsupported_platform', `this OS (${process.platform}) is not supported`);

    this.deps.log.info(
      { apiHost: input.apiHost },
      'checking the way to the control plane before using the token',
    );
    const preflight = await runPreflight({
      apiHost: input.apiHost,
      transport: this.deps.transport,
      onProgress,
    });
    if (!preflight.ok) {
      const failed = preflight.checks
        .filter((c) => c.status === 'failed')
        .map((c) => `${c.name}: ${c.detail ?? 'failed'}`);
      return fail('preflight_failed', `the token was not used: ${failed.join('; ')}`);
    }

    const identity = generateIdentity();
    const metadata: Record<string, string> = { os_release: release(), arch: arch() };
    if (input.label) metadata.label = input.label.slice(0, 256);
    const outcome = await redeemEnrollmentToken(this.deps.transport, input.apiHost, input.token, {
      hostname: osHostname().slice(0, 253) || 'unknown',
      platform,
      version: this.deps.version,
      capabilities: await this.deps.capabilities(),
      metadata,
      public_key: identity.publicKey,
      ...(input.tags?.length ? { tags: input.tags } : {}),
    });
    if (!outcome.ok) return fail(outcome.code, outcome.message);

    const { agent_id: agentId, session_url: sessionPath } = outcome.response;
    if (this.deps.expectedAgentId && agentId !== this.deps.expectedAgentId) {
      this.deps.log.warn({ agentId }, 'the token enrolled another agent than PLANASONIX_AGENT_ID names');
    }
    // The key first: a state file without its key is forgotten at the next start, never the reverse.
    await this.deps.credentials.write(identityToPem(identity));
    this.deps.localState.write({
      agent_id: agentId,
      api_host: input.apiHost,
      enrolled_at: toApiTimestamp(this.now()),
      label: input.label ?? null,
      session_path: sessionPath,
    });
    this.identity = identity;
    this.sessionPath = sessionPath;
    this.deps.log.info({ agentId, apiHost: input.apiHost }, 'enrolled');
    this.apply({ type: 'credential_ready', agentId, apiHost: input.apiHost });
    this.startLoop();
    return { ok: true, agentId };
  }

  async unenroll(): Promise<void> {
    this.stopLoop('agent unenrolled');
    await this.forget();
    this.apply({ type: 'unenrolled' });
    this.deps.log.info('unenrolled: key and local state removed');
  }

  /**
   * No new work; running jobs finish. The session stays up (the server hears `accepting: false`)
   * because a running job needs it to renew its lease and ship its log.
   */
  pause(): boolean {
    if (!this.apply({ type: 'paused' })) return false;
    this.deps.jobs?.setAccepting(false);
    this.deps.log.info('paused: no new jobs until resumed; running jobs finish');
    return true;
  }

  resume(): boolean {
    if (!this.apply({ type: 'resumed' })) return false;
    this.deps.jobs?.setAccepting(true);
    // The session stayed up through the pause: the phase follows it (a loop between sessions says
    // so itself when it connects again).
    if (this.loop?.live) this.apply({ type: 'connected', at: this.now() });
    else if (!this.loop) this.startLoop();
    return true;
  }

  /** After a resume from sleep or the network's return: no waiting out the backoff. */
  reconnectNow(): boolean {
    const woke = this.loop?.reconnectNow() ?? false;
    if (woke) this.deps.log.info('reconnecting now: the host says the machine woke or the network is back');
    return woke;
  }

  /** Cancels every running job (the standalone agent's second SIGTERM). */
  cancelJobs(why: string): void {
    this.deps.jobs?.cancelAll(why);
  }

  /** The coordinator's counts into the published state (the host's tray and quit sequence). */
  jobsChanged(): void {
    const jobs = this.deps.jobs;
    if (!jobs) return;
    if (this.current.activeJobs === jobs.activeJobs && this.current.slots === jobs.slotCount) return;
    this.apply({ type: 'jobs_changed', activeJobs: jobs.activeJobs, slots: jobs.slotCount });
  }

  /** Jobs whose steps are running now. */
  get activeJobs(): number {
    return this.deps.jobs?.activeJobs ?? 0;
  }

  shutdown(): void {
    this.stopLoop('agent stopping');
    this.deps.jobs?.close();
    this.deps.transport.close();
  }

  /** Capabilities are awaited first (probes run once, at start), so the first `auth` carries them. */
  private startLoop(): void {
    const generation = ++this.loopGeneration;
    void this.deps.capabilities().then(async (capabilities) => {
      const { agentId, apiHost } = this.current;
      if (generation !== this.loopGeneration || !agentId || !apiHost || !this.identity) return;
      const loop = new SessionLoop({
        apiHost,
        sessionPath: this.sessionPath,
        agentId,
        identity: this.identity,
        transport: this.deps.transport,
        version: this.deps.version,
        capabilities,
        heartbeat: () => this.heartbeat(),
        backoff: this.backoff,
        log: this.deps.log,
        emit: (event) => this.apply(event),
        ...(this.deps.jobs ? { jobs: this.deps.jobs } : {}),
        now: this.now,
      });
      this.loop = loop;
      await this.onLoopEnd(loop, await loop.run());
    });
  }

  private stopLoop(reason: string): void {
    this.loopGeneration += 1;
    this.loop?.cancel(1000, reason);
    this.loop = null;
  }

  private async onLoopEnd(loop: SessionLoop, result: LoopResult): Promise<void> {
    if (this.loop === loop) this.loop = null;
    if (result.action === 'cancelled') return;
    if (result.action === 'revoked') {
      await this.forget();
      this.apply({ type: 'revoked', reason: result.reason, at: this.now() });
      this.deps.onHalt?.({ kind: 'revoked', reason: result.reason });
      return;
    }
    this.apply({ type: 'fatal', failure: result.failure, reason: result.reason, at: this.now() });
    this.deps.onHalt?.({ kind: result.superseded ? 'superseded' : 'fatal', reason: result.reason });
  }

  private async heartbeat() {
    const sampler = await this.deps.health();
    const sample = await sampler.sample({ activeJobs: this.activeJobs, queueDepth: 0 });
    this.deps.onHealth?.(sample);
    return {
      cpu_percent: sample.cpu_percent,
      memory_percent: sample.memory_percent,
      disk_free_gb: sample.disk_free_gb,
      active_jobs: sample.active_jobs,
      queue_depth: sample.queue_depth,
      last_error: sampler.lastProblem,
    };
  }

  private async forget(): Promise<void> {
    this.identity = null;
    this.deps.localState.remove();
    await this.deps.credentials.wipe();
  }

  /** Applies an event; false (and a debug line) when the state machine refuses it. */
  private apply(event: WorkerEvent): boolean {
    const next = transition(this.current, event);
    if (!next) {
      this.deps.log.debug(
        { event: event.type, phase: this.current.phase },
        'ignored a worker event in this phase',
      );
      return false;
    }
    this.current = next;
    this.deps.onState(next);
    return true;
  }
}
