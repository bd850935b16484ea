import {
  HostToWorker,
  WORKER_LINK_VERSION,
  type HealthSample,
  type PreflightCheck,
  type WorkerJob,
  type WorkerState,
  type WorkerToHost,
} from '../../src-shared/worker-link.js';
import type { LogRecord } from '../../src-node/logging/log-record.js';
import type { EnrollInput, EnrollResult } from '../worker/agent-worker.js';
import type { ParentPort } from './parent-port.js';

/** What the host can ask of the worker over the link. */
export interface LinkTarget {
  enroll(input: EnrollInput, onProgress: (checks: PreflightCheck[]) => void): Promise<EnrollResult>;
  unenroll(): Promise<void>;
  pause(): boolean;
  resume(): boolean;
  /** Ends a backoff wait at once; false when the session is not waiting to reconnect. */
  reconnectNow(): boolean;
  /** False when no such job runs here. */
  cancelJob(jobId: string): boolean;
  shutdown(graceMs: number): void;
}

/**
 * The worker's side of `src-shared/worker-link.ts`: validates every message from the host, answers
 * requests with `reply`, and sends state, log lines and health samples up.
 */
export class WorkerLink {
  private target: LinkTarget | null = null;

  constructor(
    private readonly port: ParentPort,
    /** Where problems with the link itself are reported; never back over the link (no loops). */
    private readonly warn: (msg: string) => void,
  ) {
    port.onMessage((raw) => {
      void this.handle(raw);
    });
  }

  attach(target: LinkTarget): void {
    this.target = target;
  }

  ready(version: string): void {
    this.send({ type: 'ready', linkVersion: WORKER_LINK_VERSION, pid: process.pid, version });
  }

  state(state: WorkerState): void {
    this.send({ type: 'state', state });
  }

  log(line: LogRecord): void {
    this.send({ type: 'log', ...line });
  }

  health(sample: HealthSample): void {
    this.send({ type: 'health', sample });
  }

  jobs(jobs: WorkerJob[]): void {
    this.send({ type: 'jobs', jobs });
  }

  jobOutput(jobId: string, text: string, skippedBytes: number): void {
    this.send({ type: 'job_output', jobId, text, skippedBytes });
  }

  private send(message: WorkerToHost): void {
    this.port.send(message);
  }

  private reply(
    requestId: string,
    result: { ok: true; result?: unknown } | { ok: false; code: string; message: string },
  ): void {
    if (result.ok)
      this.send({
        type: 'reply',
        requestId,
        ok: true,
        ...(result.result === undefined ? {} : { result: result.result }),
      });
    else
      this.send({
        type: 'reply',
        requestId,
        ok: false,
        error: { code: result.code, message: result.message },
      });
  }

  async handle(raw: unknown): Promise<void> {
    const parsed = HostToWorker.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const problem = `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`;
      this.warn(`ignored an invalid message from the host (${problem})`);
      const requestId = (raw as { requestId?: unknown } | null)?.requestId;
      if (typeof requestId === 'string')
        this.reply(requestId, { ok: false, code: 'bad_message', message: problem });
      return;
    }
    const message = parsed.data;
    const target = this.target;
    if (message.type === 'ping') {
      this.send({ type: 'pong', nonce: message.nonce });
      return;
    }
    if (!target) {
      if (typeof message.requestId === 'string')
        this.reply(message.requestId, {
          ok: false,
          code: 'not_ready',
          message: 'the worker is still starting',
        });
      return;
    }
    switch (message.type) {
      case 'enroll': {
        const { requestId } = message;
        const result = await target.enroll(
          { apiHost: message.apiHost, token: message.token, label: message.label, tags: message.tags },
          (checks) => this.send({ type: 'enroll_progress', requestId, checks }),
        );
        this.reply(requestId, result.ok ? { ok: true, result: { agentId: result.agentId } } : result);
        return;
      }
      case 'unenroll':
        await target.unenroll();
        this.reply(message.requestId, { ok: true });
        return;
      case 'pause':
        if (!target.pause()) this.warn('pause ignored: the worker is not connected or connecting');
        return;
      case 'resume':
        if (!target.resume()) this.warn('resume ignored: the worker is not paused');
        return;
      case 'reconnect_now':
        target.reconnectNow();
        return;
      case 'cancel_job':
        if (target.cancelJob(message.jobId)) this.reply(message.requestId, { ok: true });
        else
          this.reply(message.requestId, {
            ok: false,
            code: 'unknown_job',
            message: `no job ${message.jobId} runs on this agent`,
          });
        return;
      case 'shutdown':
        target.shutdown(message.graceMs);
        return;
    }
  }
}
