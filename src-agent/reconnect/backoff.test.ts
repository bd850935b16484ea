import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('Backoff', () => {
  it('doubles the ceiling from 1 s and caps it at 15 s', () => {
    const b = new Backoff({ random: () => 1 });
    const delays = Array.from({ length: 7 }, () => b.nextDelayMs());
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  });

  it('never answers less than the floor, so a zero draw is not a tight loop', () => {
    const b = new Backoff({ random: () => 0 });
    expect(b.nextDelayMs()).toBe(100);
    expect(new Backoff({ random: () => 0, floorMs: 250 }).nextDelayMs()).toBe(250);
  });

  it('stays capped after very many failures', () => {
    const b = new Backoff({ random: () => 1 });
    for (let i = 0; i < 1_000; i++) b.nextDelayMs();
    expect(b.nextDelayMs()).toBe(15_000);
  });

  it('resets after a connection that stayed up a minute', () => {
    const c = clock();
    const b = new Backoff({ random: () => 1, now: c.now });
    for (let i = 0; i < 5; i++) b.nextDelayMs();
    b.markConnected();
    c.advance(60_000);
    b.markDisconnected();
    expect(b.nextDelayMs()).toBe(1_000);
  });

  it('keeps growing when connections drop before a minute', () => {
    const c = clock();
    const b = new Backoff({ random: () => 1, now: c.now });
    b.nextDelayMs();
    b.nextDelayMs();
    b.markConnected();
    c.advance(59_999);
    b.markDisconnected();
    expect(b.nextDelayMs()).toBe(4_000);
  });
});
