import { describe, expect, it } from 'vitest';
import { RefusalLimiter } from './refusal-limiter.js';

function limiter(burst: number, perSecond: number) {
  let now = 1_000_000;
  const limit = new RefusalLimiter({ burst, perSecond }, () => now);
  return { limit, advance: (ms: number) => (now += ms) };
}

describe('RefusalLimiter', () => {
  it('admits a burst, then turns refusals away until tokens come back', () => {
    const { limit, advance } = limiter(3, 2);
    const first = [limit.admit(), limit.admit(), limit.admit()];
    expect(first.every((a) => a.admitted)).toBe(true);
    expect(limit.admit()).toEqual({ admitted: false });
    advance(499);
    expect(limit.admit()).toEqual({ admitted: false });
    advance(1);
    // 500 ms at 2/s is one token.
    expect(limit.admit()).toEqual({ admitted: true, suppressedBefore: 2 });
    expect(limit.admit()).toEqual({ admitted: false });
  });

  it('counts the refusals it turned away once, on the next one admitted', () => {
    const { limit, advance } = limiter(1, 1);
    expect(limit.admit()).toEqual({ admitted: true, suppressedBefore: 0 });
    for (let i = 0; i < 50; i++) expect(limit.admit().admitted).toBe(false);
    advance(1_000);
    expect(limit.admit()).toEqual({ admitted: true, suppressedBefore: 50 });
    advance(1_000);
    expect(limit.admit()).toEqual({ admitted: true, suppressedBefore: 0 });
  });

  it('never saves up more than the burst, however long it was quiet', () => {
    const { limit, advance } = limiter(2, 10);
    advance(3_600_000);
    expect([limit.admit(), limit.admit(), limit.admit()].map((a) => a.admitted)).toEqual([true, true, false]);
  });

  it('is not fooled by a clock that steps back', () => {
    const { limit, advance } = limiter(1, 1);
    limit.admit();
    advance(-10_000);
    expect(limit.admit().admitted).toBe(false);
  });
});
