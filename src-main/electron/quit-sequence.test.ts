import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../tests/helpers/manual-clock.js';
import { QuitSequence, STOP_GRACE_MS } from './quit-sequence.js';

function setup(activeJobs: number) {
  const clock = new ManualClock();
  const log: string[] = [];
  const listeners = new Set<() => void>();
  let jobs = activeJobs;
  const quit = new QuitSequence({
    clock,
    pause: () => {
      log.push('pause');
      return Promise.resolve();
    },
    activeJobs: () => jobs,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stopWorker: (graceMs) => {
      log.push(`stop ${graceMs}`);
      return Promise.resolve();
    },
  });
  const finishJobs = () => {
    jobs = 0;
    for (const listener of [...listeners]) listener();
  };
  return { clock, log, quit, finishJobs, listeners };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('QuitSequence', () => {
  it('pauses and stops at once when no job runs', async () => {
    const { quit, log } = setup(0);
    await quit.run(60_000);
    expect(log).toEqual(['pause', `stop ${STOP_GRACE_MS}`]);
    expect(quit.current()).toBe('done');
  });

  it('waits for running jobs and stops as soon as the last one ends', async () => {
    const { quit, log, clock, finishJobs, listeners } = setup(2);
    const done = quit.run(60_000);
    await flush();
    expect(quit.current()).toBe('draining');
    clock.advance(30_000);
    await flush();
    expect(log).toEqual(['pause']);
    finishJobs();
    await done;
    expect(log).toEqual(['pause', `stop ${STOP_GRACE_MS}`]);
    expect(listeners.size).toBe(0);
  });

  it('stops anyway when the grace period runs out (bounded wait)', async () => {
    const { quit, log, clock } = setup(1);
    const done = quit.run(60_000);
    await flush();
    clock.advance(59_999);
    await flush();
    expect(log).toEqual(['pause']);
    clock.advance(1);
    await done;
    expect(log).toEqual(['pause', `stop ${STOP_GRACE_MS}`]);
  });

  it('joins a second quit request to the running sequence', async () => {
    const { quit, log } = setup(0);
    await Promise.all([quit.run(1000), quit.run(1000)]);
    expect(log).toEqual(['pause', `stop ${STOP_GRACE_MS}`]);
  });
});
