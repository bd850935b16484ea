import { describe, expect, it } from 'vitest';
import { killProcessTree, killTreePlan } from './kill-tree.js';
import type { KillTreeDeps } from './kill-tree.js';

function recordingDeps(platform: NodeJS.Platform, failures: Record<number, string> = {}) {
  const kills: [number, string][] = [];
  const runs: [string, string[]][] = [];
  const deps: KillTreeDeps = {
    platform,
    kill(pid, signal) {
      kills.push([pid, signal]);
      const code = failures[pid];
      if (code !== undefined) throw Object.assign(new Error(code), { code });
    },
    run(command, args) {
      runs.push([command, args]);
      return Promise.resolve(0);
    },
  };
  return { deps, kills, runs };
}

describe('killTreePlan', () => {
  it('uses taskkill /T /F on Windows', () => {
    expect(killTreePlan('win32', 4321)).toEqual({
      kind: 'command',
      command: 'taskkill',
      args: ['/PID', '4321', '/T', '/F'],
    });
  });

  it.each(['linux', 'darwin'] as const)('signals the process group on %s', (platform) => {
    expect(killTreePlan(platform, 4321)).toEqual({
      kind: 'process-group',
      groupPid: 4321,
      signal: 'SIGKILL',
    });
  });

  it('refuses a pid that would signal everything', () => {
    expect(() => killTreePlan('linux', 0)).toThrow(/bad pid 0/);
    expect(() => killTreePlan('linux', -1)).toThrow(/bad pid -1/);
  });
});

describe('killProcessTree', () => {
  it('runs taskkill on Windows and sends no signal', async () => {
    const { deps, kills, runs } = recordingDeps('win32');
    await killProcessTree(77, deps);
    expect(runs).toEqual([['taskkill', ['/PID', '77', '/T', '/F']]]);
    expect(kills).toEqual([]);
  });

  it('kills the negative pid (the group) on POSIX', async () => {
    const { deps, kills } = recordingDeps('linux');
    await killProcessTree(77, deps);
    expect(kills).toEqual([[-77, 'SIGKILL']]);
  });

  it('falls back to the process itself when it leads no group, and ignores a process already gone', async () => {
    const { deps, kills } = recordingDeps('darwin', { [-77]: 'ESRCH', 77: 'ESRCH' });
    await killProcessTree(77, deps);
    expect(kills).toEqual([
      [-77, 'SIGKILL'],
      [77, 'SIGKILL'],
    ]);
  });

  it('reports a permission error instead of hiding it', async () => {
    const { deps } = recordingDeps('linux', { [-77]: 'EPERM' });
    await expect(killProcessTree(77, deps)).rejects.toThrow('EPERM');
  });
});
