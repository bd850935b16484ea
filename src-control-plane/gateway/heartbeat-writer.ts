import type { HeartbeatRecord } from './session-store.js';

/**
 * Heartbeats are kept as "latest per agent" and written in one batch per flush. Health only ever
 * shows the latest, so coalescing loses nothing, and the database sees at most one write per agent
 * per flush however many agents report or how fast.
 */
export class HeartbeatWriter {
  private pending = new Map<string, HeartbeatRecord>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (batch: readonly HeartbeatRecord[]) => Promise<void>,
    private readonly flushMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(record: HeartbeatRecord): void {
    this.pending.set(record.agentId, record);
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes what is pending now; resolves once it (and any earlier batch) is written. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending = new Map();
      // Batches are chained so an older batch never lands after a newer one.
      this.writing = this.writing.then(() => this.write(batch)).catch(this.onError);
    }
    return this.writing;
  }
}
