import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../tests/helpers/manual-clock.js';
import { QuitSequence, SESSION_END_REPORT_MS, STOP_GRACE_MS, STOP_MARGIN_MS } from './quit-sequence.js';

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
    stopWorker: (graceMs, marginMs) => {
      log.push(`stop ${graceMs}+${marginMs}`);
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
const normalStop = `stop ${STOP_GRACE_MS}+${STOP_MARGIN_MS}`;
const sessionEndStop = `stop 0+${SESSION_END_REPORT_MS}`;

describe('QuitSequence', () => {
  it('pauses and stops at once when no job runs', async () => {
    const { quit, log } = setup(0);
    await quit.run(60_000);
    expect(log).toEqual(['pause', normalStop]);
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
    expect(log).toEqual(['pause', normalStop]);
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
    expect(log).toEqual(['pause', normalStop]);
  });

  it('joins a second quit request to the running sequence', async () => {
    const { quit, log } = setup(0);
    await Promise.all([quit.run(1000), quit.run(1000)]);
    expect(log).toEqual(['pause', normalStop]);
  });

  it('on a session end has the worker cancel its running jobs now, with time to report them', async () => {
    const { quit, log } = setup(2);
    await quit.endSession();
    expect(log).toEqual(['pause', sessionEndStop]);
    expect(quit.current()).toBe('done');
  });

  it('cuts a quit’s drain short when the session ends during it', async () => {
    const { quit, log, listeners } = setup(1);
    const quitting = quit.run(60_000);
    await flush();
    expect(quit.current()).toBe('draining');
    const ending = quit.endSession();
    expect(ending).toBe(quitting);
    await ending;
    expect(log).toEqual(['pause', sessionEndStop]);
    expect(listeners.size).toBe(0);
  });
});
