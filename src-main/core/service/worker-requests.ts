import { randomUUID } from 'node:crypto';
import { HostApiError } from '../../../src-shared/host-api/envelope.js';
import type { HostToWorker } from '../../../src-shared/worker-link.js';
import type { Clock, TimerHandle } from '../clock.js';

type Reply = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
type Pending = {
  resolve: (result: unknown) => void;
  reject: (error: HostApiError) => void;
  timer: TimerHandle;
};

/** The worker answered a request with a refusal; `workerCode` is its own code (e.g. `token_used`). */
export class WorkerRefusal extends HostApiError {
  constructor(
    readonly workerCode: string,
    message: string,
  ) {
    super('worker_error', message);
  }
}

/** The link messages that expect a `reply`, without the requestId this class adds. */
export type WorkerRequest =
  | { type: 'enroll'; apiHost: string; token: string; label?: string; tags?: string[] }
  | { type: 'unenroll' }
  | { type: 'cancel_job'; jobId: string };

/**
 * Calls to the worker that expect a `reply` (enroll, unenroll, cancel_job): each gets a fresh
 * requestId, a deadline, and fails at once if the worker goes away.
 */
export class WorkerRequests {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly send: (message: HostToWorker) => boolean,
  ) {}

  call(request: WorkerRequest, timeoutMs: number, requestId: string = randomUUID()): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(requestId);
        reject(
          new HostApiError(
            'worker_error',
            `the worker did not answer ${request.type} within ${timeoutMs / 1000} s`,
          ),
        );
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
      if (!this.send({ ...request, requestId })) {
        this.settle(requestId, () => new HostApiError('worker_unavailable', 'the worker is not running'));
      }
    });
  }

  /** Feeds a `reply` from the worker; replies to unknown ids (late, after a timeout) are dropped. */
  reply(requestId: string, reply: Reply): void {
    const entry = this.pending.get(requestId);
    if (entry === undefined) return;
    this.pending.delete(requestId);
    this.clock.clearTimeout(entry.timer);
    if (reply.ok) entry.resolve(reply.result);
    else
      entry.reject(
        new WorkerRefusal(reply.error?.code ?? 'unknown', reply.error?.message ?? 'the worker refused'),
      );
  }

  /** The worker exited: nothing pending will be answered. */
  failAll(reason: string): void {
    for (const requestId of [...this.pending.keys()]) {
      this.settle(requestId, () => new HostApiError('worker_unavailable', reason));
    }
  }

  private settle(requestId: string, error: () => HostApiError): void {
    const entry = this.pending.get(requestId);
    if (entry === undefined) return;
    this.pending.delete(requestId);
    this.clock.clearTimeout(entry.timer);
    entry.reject(error());
  }
}
