/** How many refused requests the audit trail records: a burst, then a steady rate. */
export interface RefusalRate {
  burst: number;
  perSecond: number;
}

export const DEFAULT_REFUSAL_RATE: RefusalRate = { burst: 100, perSecond: 5 };

export type Admission = { admitted: true; suppressedBefore: number } | { admitted: false };

/**
 * A token bucket over refused requests, so a flood of bad keys cannot fill the disk: each admitted
 * refusal takes a token; tokens come back at `perSecond` up to `burst`. The first refusal admitted
 * after some were turned away says how many (`suppressedBefore`), so the trail still shows a flood.
 */
export class RefusalLimiter {
  private tokens: number;
  private refilledAt: number;
  private suppressed = 0;

  constructor(
    private readonly rate: RefusalRate,
    private readonly now: () => number,
  ) {
    this.tokens = rate.burst;
    this.refilledAt = now();
  }

  admit(): Admission {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.rate.burst, this.tokens + elapsedSeconds * this.rate.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) {
      this.suppressed += 1;
      return { admitted: false };
    }
    this.tokens -= 1;
    const suppressedBefore = this.suppressed;
    this.suppressed = 0;
    return { admitted: true, suppressedBefore };
  }
}
