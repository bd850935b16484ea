import { describe, expect, it } from 'vitest';
import { ManualMonotonicClock } from '../../tests/helpers/manual-monotonic-clock.js';
import { ProcessTree, systemProcessTreeDeps } from './process-tree.js';
import type { ProcessTreeDeps } from './process-tree.js';

/** A fake process table: the group lives until `dieOn` signal arrives (never, if null). */
function fakeTree(platform: NodeJS.Platform, dieOn: 'SIGTERM' | 'SIGKILL' | null, probeError = 'ESRCH') {
  const clock = new ManualMonotonicClock();
  const calls: string[] = [];
  let alive = true;
  const deps: ProcessTreeDeps = {
    platform,
    clock,
    kill(pid, signal) {
      calls.push(`kill ${pid} ${signal}`);
      if (!alive) throw Object.assign(new Error('gone'), { code: signal === 0 ? probeError : 'ESRCH' });
      if (signal === dieOn || (dieOn === 'SIGTERM' && signal === 'SIGKILL')) alive = false;
    },
    run(command, args) {
      calls.push(`${command} ${args.join(' ')}`);
      if (args.includes('/F') || dieOn === 'SIGTERM') alive = false;
      return Promise.resolve();
    },
  };
  return { tree: new ProcessTree(deps), clock, calls, isAlive: () => alive };
}

describe('ProcessTree.terminate', () => {
  it('reports a tree that is already gone without signalling it', async () => {
    const { tree, calls, isAlive } = fakeTree('linux', 'SIGTERM');
    await tree.terminate(100, 1000); // first terminate ends it
    expect(isAlive()).toBe(false);
    calls.length = 0;
    await expect(tree.terminate(100, 1000)).resolves.toBe('gone');
    expect(calls).toEqual(['kill -100 0']);
  });

  it('stops at SIGTERM when the group leaves within the grace period', async () => {
    const { tree, calls } = fakeTree('linux', 'SIGTERM');
    await expect(tree.terminate(100, 1000)).resolves.toBe('exited_on_term');
    expect(calls).toEqual(['kill -100 0', 'kill -100 SIGTERM', 'kill -100 0']);
  });

  it('sends SIGKILL to the group after the grace period when TERM is ignored', async () => {
    const { tree, clock, calls } = fakeTree('darwin', 'SIGKILL');
    const done = tree.terminate(100, 1000);
    await clock.advance(999);
    expect(calls).not.toContain('kill -100 SIGKILL');
    await clock.advance(50);
    await expect(done).resolves.toBe('killed');
    expect(calls.filter((c) => !c.endsWith(' 0'))).toEqual(['kill -100 SIGTERM', 'kill -100 SIGKILL']);
  });

  it('says so when even SIGKILL leaves something behind, after a bounded wait', async () => {
    const { tree, clock } = fakeTree('linux', null);
    const done = tree.terminate(100, 100);
    await clock.advance(6_000);
    await expect(done).resolves.toBe('survived');
  });

  it('uses taskkill /T, then /T /F, on Windows', async () => {
    const { tree, clock, calls } = fakeTree('win32', 'SIGKILL');
    const done = tree.terminate(100, 500);
    await clock.advance(600);
    await expect(done).resolves.toBe('killed');
    expect(calls.filter((c) => c.startsWith('taskkill'))).toEqual([
      'taskkill /PID 100 /T',
      'taskkill /PID 100 /T /F',
    ]);
    expect(calls).toContain('kill 100 0');
  });

  it('counts a group it may not signal (EPERM) as alive', () => {
    const { tree } = fakeTree('linux', 'SIGTERM', 'EPERM');
    expect(tree.alive(100)).toBe(true);
  });
});

describe('ProcessTree.kill', () => {
  it('sends SIGKILL at once, without a grace period', async () => {
    const { tree, calls } = fakeTree('linux', 'SIGKILL');
    await expect(tree.kill(100)).resolves.toBe('killed');
    expect(calls).toEqual(['kill -100 0', 'kill -100 SIGKILL', 'kill -100 0']);
  });
});

describe('ProcessTree.alive with a member list', () => {
  it('counts a group of zombies as gone, and trusts the probe when the list cannot be read', () => {
    const { tree } = fakeTree('linux', null);
    const deps = (members: number[] | null): ProcessTreeDeps => ({
      platform: 'linux',
      clock: new ManualMonotonicClock(),
      kill: () => undefined,
      run: () => Promise.resolve(),
      livingMembers: () => members,
    });
    expect(tree.alive(100)).toBe(true);
    expect(new ProcessTree(deps([])).alive(100)).toBe(false);
    expect(new ProcessTree(deps([101])).alive(100)).toBe(true);
    expect(new ProcessTree(deps(null)).alive(100)).toBe(true);
  });

  it('lists members from /proc on Linux only', () => {
    const clock = new ManualMonotonicClock();
    expect(systemProcessTreeDeps(clock, 'linux').livingMembers).toBeTypeOf('function');
    expect(systemProcessTreeDeps(clock, 'darwin').livingMembers).toBeUndefined();
    expect(systemProcessTreeDeps(clock, 'win32').livingMembers).toBeUndefined();
  });
});
