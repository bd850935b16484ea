import { describe, expect, it } from 'vitest';
import { JobSlots, defaultSlotCount } from './job-slots.js';

describe('defaultSlotCount', () => {
  it('is half the CPUs, at least one', () => {
    expect([0, 1, 2, 3, 8, 33, Number.NaN].map(defaultSlotCount)).toEqual([1, 1, 1, 1, 4, 16, 1]);
  });
});

describe('JobSlots', () => {
  it('hands out at most capacity slots, once per job', () => {
    const slots = new JobSlots(2);
    expect(slots.tryAcquire('a')).toBe(true);
    expect(slots.tryAcquire('a')).toBe(true);
    expect(slots.tryAcquire('b')).toBe(true);
    expect(slots.tryAcquire('c')).toBe(false);
    expect([slots.used, slots.free]).toEqual([2, 0]);
    expect(slots.release('a')).toBe(true);
    expect(slots.release('a')).toBe(false);
    expect(slots.tryAcquire('c')).toBe(true);
  });

  it('lets running jobs keep their slots when the capacity drops', () => {
    const slots = new JobSlots(3);
    ['a', 'b', 'c'].forEach((id) => slots.tryAcquire(id));
    slots.setCapacity(1);
    expect([slots.used, slots.free, slots.holds('c')]).toEqual([3, 0, true]);
    slots.release('a');
    slots.release('b');
    expect(slots.tryAcquire('d')).toBe(false);
  });

  it('refuses a capacity that is not a whole number from 1', () => {
    expect(() => new JobSlots(0)).toThrow(/1 to 1024, got 0/);
    expect(() => new JobSlots(1.5)).toThrow(/got 1.5/);
    expect(() => new JobSlots(2).setCapacity(-1)).toThrow(/got -1/);
  });
});
