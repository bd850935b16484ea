// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: utilityProcess.fork returns a scripted stand-in.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { WorkerExitStatus } from '../core/supervisor/worker-process.js';
import { createUtilityProcessLauncher } from './utility-process-launcher.js';

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

const forks = vi.hoisted(() => [] as { path: string; args: string[]; options: unknown; child: unknown }[]);
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (path: string, args: string[], options: unknown) => {
      const child = new FakeUtilityProcess();
      forks.push({ path, args, options, child });
      return child;
    },
  },
}));

function launch() {
  const worker = createUtilityProcessLauncher({
    modulePath: '/app/dist/agent/main.js',
    args: () => ['run'],
  }).launch();
  const fork = forks.at(-1)!;
  return { worker, child: fork.child as FakeUtilityProcess, fork };
}

describe('utilityProcess launcher', () => {
  it('forks the bundled worker with piped output', () => {
    const { fork } = launch();
    expect(fork.path).toBe('/app/dist/agent/main.js');
    expect(fork.args).toEqual(['run']);
    expect(fork.options).toMatchObject({ stdio: 'pipe', serviceName: 'Planasonix Agent Worker' });
  });

  it('posts link messages, hands over received ones, and splits output into lines', async () => {
    const { worker, child } = launch();
    const messages: unknown[] = [];
    const lines: string[] = [];
    worker.onMessage((message) => messages.push(message));
    worker.onOutput((stream, line) => lines.push(`${stream}:${line}`));
    expect(worker.send({ type: 'pause' })).toBe(true);
    expect(child.posted).toEqual([{ type: 'pause' }]);
    child.emit('message', { type: 'pong', nonce: 'n' });
    child.stdout.write('hello\nwor');
    child.stdout.end('ld\n');
    child.stderr.end('oops\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(messages).toEqual([{ type: 'pong', nonce: 'n' }]);
    expect(lines.sort()).toEqual(['stderr:oops', 'stdout:hello', 'stdout:world']);
  });

  it('reports the exit code once, and a fatal error as a failed start', () => {
    const { worker, child } = launch();
    const exits: WorkerExitStatus[] = [];
    worker.onExit((status) => exits.push(status));
    child.emit('exit', 10);
    worker.onExit((status) => exits.push(status));
    expect(exits).toEqual([
      { code: 10, signal: null },
      { code: 10, signal: null },
    ]);
    expect(worker.send({ type: 'resume' })).toBe(false);

    const crashed = launch();
    const statuses: WorkerExitStatus[] = [];
    crashed.worker.onExit((status) => statuses.push(status));
    crashed.child.emit('error', 'FatalError', 'main.js:1', 'report');
    crashed.child.emit('exit', 1);
    expect(statuses).toEqual([{ code: null, signal: null, startError: 'FatalError at main.js:1' }]);
  });

  it('kills a worker that has no pid yet directly, and does nothing once it exited', async () => {
    const { worker, child } = launch();
    await worker.killTree();
    expect(child.killed).toBe(true);
    const gone = launch();
    gone.child.emit('exit', 0);
    await gone.worker.killTree();
    expect(gone.child.killed).toBe(false);
  });
});
