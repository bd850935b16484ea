import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor } from '../../../src-main/core/supervisor/supervisor.js';
import type { SupervisorEvent } from '../../../src-main/core/supervisor/supervisor.js';
import {
  fixtureWorkerLauncher,
  isAlive,
  nextSupervisorEvent,
  nextSupervisorState,
} from '../../helpers/fixture-workers.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { waitUntil } from '../../helpers/wait-until.js';

const running: Supervisor[] = [];
const pids = new WeakMap<Supervisor, number>();

/** The worker's pid, from its ready message (recorded for every supervisor made by supervise()). */
function pidOf(supervisor: Supervisor): number {
  const pid = pids.get(supervisor);
  if (pid === undefined) throw new Error('no ready message seen yet');
  return pid;
}

function supervise(fixture: string) {
  const clock = new ManualClock();
  // random() = 1 puts every backoff at the top of its jitter band, so delays are exact.
  const supervisor = new Supervisor({ launcher: fixtureWorkerLauncher(fixture), clock, random: () => 1 });
  running.push(supervisor);
  supervisor.on(
    (e) => e.type === 'message' && e.message.type === 'ready' && pids.set(supervisor, e.message.pid),
  );
  return { clock, supervisor };
}

afterEach(async () => {
  for (const supervisor of running.splice(0)) await supervisor.stop(0);
});

describe('Supervisor with real worker processes', () => {
  it('restarts a crashing worker with a doubling backoff', async () => {
    const { clock, supervisor } = supervise('crash.mjs');
    const backingOff = nextSupervisorState(supervisor, 'backing_off');
    supervisor.start();
    await backingOff;
    expect(supervisor.info()).toMatchObject({
      nextRestartAt: clock.now() + 1000,
      lastExit: { code: 3, reason: 'crashed with exit code 3' },
    });

    clock.advance(999);
    expect(supervisor.info().state).toBe('backing_off');
    const second = nextSupervisorState(supervisor, 'backing_off');
    clock.advance(1);
    expect(supervisor.info()).toMatchObject({ state: 'starting', restarts: 1 });
    await second;
    expect(supervisor.info().nextRestartAt).toBe(clock.now() + 2000);
  });

  it('goes back to the base delay after a healthy spell of running', async () => {
    const { clock, supervisor } = supervise('well-behaved.mjs');
    const ready = nextSupervisorState(supervisor, 'running');
    supervisor.start();
    await ready;
    // Two quick crashes (killed by hand, as a crash would) grow the delay to 2 s...
    for (const expected of [1000, 2000]) {
      const backingOff = nextSupervisorState(supervisor, 'backing_off');
      process.kill(pidOf(supervisor), 'SIGKILL');
      await backingOff;
      expect(supervisor.info().nextRestartAt! - clock.now()).toBe(expected);
      const running = nextSupervisorState(supervisor, 'running');
      clock.advance(expected);
      await running;
    }
    // ...and a minute of answered pings brings it back to 1 s.
    for (let tick = 0; tick < 6; tick += 1) {
      const pong = nextSupervisorEvent(supervisor, (e) => e.type === 'message' && e.message.type === 'pong');
      clock.advance(10_000);
      await pong;
    }
    const backingOff = nextSupervisorState(supervisor, 'backing_off');
    process.kill(pidOf(supervisor), 'SIGKILL');
    await backingOff;
    expect(supervisor.info().nextRestartAt! - clock.now()).toBe(1000);
  });

  it('halts after 5 crashes in 10 minutes and starts again only when asked', async () => {
    const { clock, supervisor } = supervise('crash.mjs');
    const halted = nextSupervisorState(supervisor, 'halted');
    supervisor.start();
    for (let crash = 1; crash < 5; crash += 1) {
      await nextSupervisorState(supervisor, 'backing_off');
      clock.advance(supervisor.info().nextRestartAt! - clock.now());
    }
    await halted;
    expect(supervisor.info()).toMatchObject({ state: 'halted', restarts: 4, nextRestartAt: null });
    expect(supervisor.info().reason).toMatch(/crashed 5 times in 10 minutes/);
    expect(clock.nextTimerAt()).toBeNull();

    const again = nextSupervisorState(supervisor, 'backing_off');
    supervisor.start();
    await again;
  });

  it('kills a worker that stops answering pings after 30 s, then restarts it', async () => {
    const { clock, supervisor } = supervise('hang.mjs');
    const ready = nextSupervisorState(supervisor, 'running');
    supervisor.start();
    await ready;
    const backingOff = nextSupervisorState(supervisor, 'backing_off');
    clock.advance(20_000);
    expect(supervisor.info().state).toBe('running');
    clock.advance(10_000);
    await backingOff;
    expect(supervisor.info().lastExit).toMatchObject({
      signal: 'SIGKILL',
      reason: 'no answer to the liveness ping for 30 s',
    });
  });

  it('keeps a worker that answers its pings', async () => {
    const { clock, supervisor } = supervise('well-behaved.mjs');
    const ready = nextSupervisorState(supervisor, 'running');
    supervisor.start();
    await ready;
    for (let tick = 0; tick < 6; tick += 1) {
      const pong = nextSupervisorEvent(supervisor, (e) => e.type === 'message' && e.message.type === 'pong');
      clock.advance(10_000);
      await pong;
    }
    expect(supervisor.info()).toMatchObject({ state: 'running', restarts: 0 });
  });

  it('stays down and reports needs enrollment on exit 10', async () => {
    const { clock, supervisor } = supervise('needs-enrollment.mjs');
    const stopped = nextSupervisorState(supervisor, 'stopped');
    supervisor.start();
    await stopped;
    expect(supervisor.info()).toMatchObject({ needsEnrollment: true, lastExit: { code: 10 } });
    expect(clock.nextTimerAt()).toBeNull();
  });

  it('stops gracefully and captures the worker output', async () => {
    const { supervisor } = supervise('well-behaved.mjs');
    const lines: string[] = [];
    supervisor.on((e: SupervisorEvent) => e.type === 'output' && lines.push(`${e.stream}: ${e.line}`));
    const ready = nextSupervisorState(supervisor, 'running');
    supervisor.start();
    await ready;
    await supervisor.stop(2000);
    expect(supervisor.info()).toMatchObject({ state: 'stopped', lastExit: { code: 0, reason: 'stopped' } });
    expect(lines).toEqual(
      expect.arrayContaining(['stdout: fixture worker started', 'stderr: fixture warning on stderr']),
    );
  });

  it('kills the whole tree of a worker that ignores shutdown, once grace and margin pass', async () => {
    const { clock, supervisor } = supervise('stubborn.mjs');
    const grandchild = nextSupervisorEvent(
      supervisor,
      (e) => e.type === 'output' && e.line.startsWith('grandchild '),
    );
    const ready = nextSupervisorState(supervisor, 'running');
    supervisor.start();
    const [event] = await Promise.all([grandchild, ready]);
    const grandchildPid = Number(event.type === 'output' ? event.line.split(' ')[1] : NaN);
    expect(isAlive(grandchildPid)).toBe(true);

    const stopped = supervisor.stop(1000);
    clock.advance(5999);
    expect(supervisor.info().state).toBe('stopping');
    clock.advance(1);
    await stopped;
    expect(supervisor.info()).toMatchObject({ state: 'stopped', lastExit: { signal: 'SIGKILL' } });
    await waitUntil(() => !isAlive(grandchildPid), { message: 'the grandchild gone', timeoutMs: 1_000 });
  });

  it('waits the margin a stop asks for (a session end: no grace, time to report) before the kill', async () => {
    const { clock, supervisor } = supervise('stubborn.mjs');
    const ready = nextSupervisorState(supervisor, 'running');
    supervisor.start();
    await ready;
    const stopped = supervisor.stop(0, 15_000);
    clock.advance(14_999);
    expect(supervisor.info().state).toBe('stopping');
    clock.advance(1);
    await stopped;
    expect(supervisor.info()).toMatchObject({ state: 'stopped', lastExit: { signal: 'SIGKILL' } });
  });
});
