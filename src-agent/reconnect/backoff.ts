import { fullJitterDelayMs, type BackoffPolicy } from '../../src-shared/backoff.js';

/**
 * The agent's reconnect attempts, counted: the delays are the shared full-jitter backoff
 * (`src-shared/backoff.ts`), and a connection that stayed up resets the count.
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A connection that stayed up this long counts as healthy: the next failure starts from base. */
  stableMs?: number;
  floorMs?: number;
  random?: () => number;
  now?: () => number;
}

export class Backoff {
  private readonly policy: BackoffPolicy;
  private readonly stableMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private attempt = 0;
  private connectedAt: number | null = null;

  constructor(options: BackoffOptions = {}) {
    this.policy = {
      baseMs: options.baseMs ?? 1_000,
      // 15 s, not a minute: after a long outage (a control-plane upgrade, a network cut) an agent is
      // back within 15 s of the server, while a fleet's refused attempts stay a few per agent a minute.
      capMs: options.capMs ?? 15_000,
      floorMs: options.floorMs ?? 100,
    };
    this.stableMs = options.stableMs ?? 60_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  nextDelayMs(): number {
    const delay = fullJitterDelayMs(this.attempt, this.policy, this.random);
    this.attempt += 1;
    return delay;
  }

  /** How many failures have been counted since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  markConnected(): void {
    this.connectedAt = this.now();
  }

  /** A session ended: if it had been stable, forget the earlier failures. */
  markDisconnected(): void {
    if (this.connectedAt !== null && this.now() - this.connectedAt >= this.stableMs) this.attempt = 0;
    this.connectedAt = null;
  }

  reset(): void {
    this.attempt = 0;
    this.connectedAt = null;
  }
}
