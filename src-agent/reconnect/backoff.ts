/**
 * Full-jitter exponential backoff (the "full jitter" variant: a uniform draw between a floor and the
 * exponential ceiling), so a fleet of agents cut off by one control-plane restart does not come back
 * in lockstep.
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A connection that stayed up this long counts as healthy: the next failure starts from base. */
  stableMs?: number;
  /**
   * A draw of 0 would retry at once; a small floor keeps a flapping server from ever seeing a
   * tight loop while leaving the spread of full jitter intact.
   */
  floorMs?: number;
  random?: () => number;
  now?: () => number;
}

export class Backoff {
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly stableMs: number;
  private readonly floorMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private attempt = 0;
  private connectedAt: number | null = null;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 1_000;
    // 15 s, not a minute: after a long outage (a control-plane upgrade, a network cut) an agent is
    // back within 15 s of the server, while a fleet's refused attempts stay a few per agent a minute.
    this.capMs = options.capMs ?? 15_000;
    this.stableMs = options.stableMs ?? 60_000;
    this.floorMs = Math.min(options.floorMs ?? 100, this.baseMs);
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  nextDelayMs(): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    const draw = Math.min(Math.max(this.random(), 0), 1);
    return Math.max(this.floorMs, Math.round(draw * ceiling));
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
