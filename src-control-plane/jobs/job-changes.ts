import type { EventBus } from '../common/event-bus.js';

/** Job changes others react to, emitted after the change is committed. */
export type JobChange =
  /** A job entered the queue (new, or given back): the scheduler looks for an agent. */
  | { type: 'job.queued'; jobId: string; fromAgentId?: string }
  /**
   * A job was offered to an agent: the dispatcher sends the assignment to its session now.
   * `queuedMs`: how long it waited in the queue since it entered it (the dispatch latency).
   */
  | { type: 'job.assigned'; jobId: string; agentId: string; epoch: number; queuedMs: number }
  /** A held job was asked to stop: the dispatcher tells its agent now. */
  | { type: 'job.cancel_requested'; jobId: string; agentId: string; epoch: number }
  /** A job reached a final status: log followers end, a slot is free. */
  | { type: 'job.finished'; jobId: string; agentId: string | null }
  /**
   * A job's log grew (at most a few times a second per job): log followers read on. Followers in
   * the process that stored the bytes are woken at once by the log store; this is for the others.
   */
  | { type: 'job.log_appended'; jobId: string };

export type JobChangeBus = EventBus<JobChange>;
