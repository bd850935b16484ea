import { describe, expect, it } from 'vitest';
import type { HostToWorker } from '../../../src-shared/worker-link.js';
import { ManualClock } from '../../../tests/helpers/manual-clock.js';
import { Supervisor } from './supervisor.js';
import type { WorkerExitStatus, WorkerLauncher, WorkerProcess } from './worker-process.js';

/**
 * A worker the test drives by hand. Like the real agent, it hears orders only once it has said
 * ready (its link handlers are attached then): a shutdown sent earlier is lost.
 */
class HandDrivenWorker implements WorkerProcess {
  readonly pid = 4242;
  readonly heard: HostToWorker[] = [];
  killed = 0;
  private listening = false;
  private onMessageListener: (message: unknown) => void = () => {};
  private onExitListener: (status: WorkerExitStatus) => void = () => {};

  send(message: HostToWorker): boolean {
    if (this.listening) this.heard.push(message);
    return true;
  }
  onMessage(listener: (message: unknown) => void): void {
    this.onMessageListener = listener;
  }
  onOutput(): void {}
  onExit(listener: (status: WorkerExitStatus) => void): void {
    this.onExitListener = listener;
  }
  killTree(): Promise<void> {
    this.killed += 1;
    this.exit({ code: null, signal: 'SIGKILL' });
    return Promise.resolve();
  }
  sayReady(): void {
    this.listening = true;
    this.onMessageListener({ type: 'ready', linkVersion: 1, pid: this.pid, version: '0.0.0-test' });
  }
  exit(status: WorkerExitStatus): void {
    this.onExitListener(status);
  }
}

function setup() {
  const clock = new ManualClock();
  const workers: HandDrivenWorker[] = [];
  const launcher: WorkerLauncher = {
    launch: () => {
      const worker = new HandDrivenWorker();
      workers.push(worker);
      return worker;
    },
  };
  const supervisor = new Supervisor({ clock, launcher, stopMarginMs: 5000, random: () => 1 });
  return { clock, supervisor, workers };
}

/** Resolves to true once the promise has settled, false if it is still pending now. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Supervisor stop at each moment of a worker’s start', () => {
  it('a stop before the worker is ready reaches it as soon as it says ready, with the full grace', async () => {
    const { supervisor, workers } = setup();
    supervisor.start();
    const worker = workers[0]!;
    const stopped = supervisor.stop(60_000);
    expect(supervisor.info().state).toBe('stopping');

    worker.sayReady();
    expect(worker.heard).toEqual([{ type: 'shutdown', graceMs: 60_000 }]);
    expect(supervisor.info().state).toBe('stopping');
    worker.exit({ code: 0, signal: null });
    expect(await settled(stopped)).toBe(true);
    expect(supervisor.info()).toMatchObject({ state: 'stopped', lastExit: { code: 0, reason: 'stopped' } });
    expect(worker.killed).toBe(0);
  });

  it('a worker that never says ready after a stop is killed when the margin runs out, not the grace', async () => {
    const { clock, supervisor, workers } = setup();
    supervisor.start();
    const stopped = supervisor.stop(60_000);
    clock.advance(4999);
    expect(workers[0]!.killed).toBe(0);
    clock.advance(1);
    expect(workers[0]!.killed).toBe(1);
    expect(await settled(stopped)).toBe(true);
    expect(supervisor.info()).toMatchObject({
      state: 'stopped',
      lastExit: { reason: 'was still starting 5 s after it was asked to stop' },
    });
  });

  it('a ready worker that ignores the shutdown is killed after grace plus margin', async () => {
    const { clock, supervisor, workers } = setup();
    supervisor.start();
    workers[0]!.sayReady();
    const stopped = supervisor.stop(2000);
    expect(workers[0]!.heard).toContainEqual({ type: 'shutdown', graceMs: 2000 });
    clock.advance(6999);
    expect(workers[0]!.killed).toBe(0);
    clock.advance(1);
    expect(await settled(stopped)).toBe(true);
    expect(supervisor.info().lastExit?.reason).toBe('did not stop within 7 s');
  });

  it('a stop while backing off or halted ends at once, and no restart follows', async () => {
    const { clock, supervisor, workers } = setup();
    supervisor.start();
    workers[0]!.exit({ code: 3, signal: null });
    expect(supervisor.info().state).toBe('backing_off');
    expect(await settled(supervisor.stop(60_000))).toBe(true);
    clock.advance(120_000);
    expect(workers).toHaveLength(1);
    expect(supervisor.info().state).toBe('stopped');

    const halted = setup();
    halted.supervisor.start();
    for (let crash = 0; crash < 5; crash += 1) {
      halted.workers.at(-1)!.exit({ code: 3, signal: null });
      if (crash < 4) halted.clock.advance(halted.clock.nextTimerAt()! - halted.clock.now());
    }
    expect(halted.supervisor.info().state).toBe('halted');
    expect(await settled(halted.supervisor.stop(60_000))).toBe(true);
    expect(halted.supervisor.info().state).toBe('stopped');
  });

  it('after close(), a start() from a request still in flight launches no worker', async () => {
    const { supervisor, workers } = setup();
    supervisor.start();
    workers[0]!.sayReady();
    const closed = supervisor.close(1000);
    supervisor.start();
    workers[0]!.exit({ code: 0, signal: null });
    expect(await settled(closed)).toBe(true);
    supervisor.start();
    expect(workers).toHaveLength(1);
    expect(supervisor.info().state).toBe('stopped');
  });
});
