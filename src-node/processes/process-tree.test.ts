import { describe, expect, it } from 'vitest';
import {
  killProcessTree,
  posixTreeSignal,
  signalProcessTree,
  treeProbeTarget,
  treeSignalPlan,
  windowsTreeSignal,
} from './process-tree.js';
import type { TreeSignalDeps } from './process-tree.js';

function recordingDeps(platform: NodeJS.Platform, failures: Record<number, string> = {}) {
  const kills: [number, string | number][] = [];
  const runs: [string, string[]][] = [];
  const deps: TreeSignalDeps = {
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

describe('windowsTreeSignal', () => {
  it('asks politely with taskkill /T and forces with /F', () => {
    expect(windowsTreeSignal(4321, 'SIGTERM')).toEqual({
      kind: 'command',
      command: 'taskkill',
      args: ['/PID', '4321', '/T'],
    });
    expect(windowsTreeSignal(4321, 'SIGKILL')).toEqual({
      kind: 'command',
      command: 'taskkill',
      args: ['/PID', '4321', '/T', '/F'],
    });
  });
});

describe('posixTreeSignal', () => {
  it('signals the whole group (-pgid)', () => {
    expect(posixTreeSignal(4321, 'SIGTERM')).toEqual({ kind: 'signal', target: -4321, signal: 'SIGTERM' });
  });
});

describe('treeSignalPlan', () => {
  it('uses taskkill on win32 and the process group on linux and darwin', () => {
    expect(treeSignalPlan('win32', 4321, 'SIGKILL')).toEqual(windowsTreeSignal(4321, 'SIGKILL'));
    expect(treeSignalPlan('linux', 4321, 'SIGKILL')).toEqual(posixTreeSignal(4321, 'SIGKILL'));
    expect(treeSignalPlan('darwin', 4321, 'SIGTERM')).toEqual(posixTreeSignal(4321, 'SIGTERM'));
  });

  it('refuses pids that would reach our own group, init or everything', () => {
    for (const pid of [0, 1, -1, 2.5, Number.NaN]) {
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        expect(() => treeSignalPlan(platform, pid, 'SIGKILL')).toThrow(/not a process tree root/);
      }
    }
  });
});

describe('treeProbeTarget', () => {
  it('probes the group on POSIX and the root on Windows', () => {
    expect(treeProbeTarget('linux', 50)).toBe(-50);
    expect(treeProbeTarget('darwin', 50)).toBe(-50);
    expect(treeProbeTarget('win32', 50)).toBe(50);
    expect(() => treeProbeTarget('win32', 0)).toThrow(/not a process tree root/);
  });
});

describe('signalProcessTree', () => {
  it('runs taskkill on Windows and sends no signal', async () => {
    const { deps, kills, runs } = recordingDeps('win32');
    expect(await signalProcessTree(77, 'SIGTERM', deps)).toBe(true);
    expect(runs).toEqual([['taskkill', ['/PID', '77', '/T']]]);
    expect(kills).toEqual([]);
  });

  it.each(['linux', 'darwin'] as const)(
    'signals -pid on %s and reports a missing group',
    async (platform) => {
      const { deps, kills } = recordingDeps(platform);
      expect(await signalProcessTree(77, 'SIGTERM', deps)).toBe(true);
      expect(kills).toEqual([[-77, 'SIGTERM']]);
      expect(await signalProcessTree(78, 'SIGTERM', recordingDeps(platform, { [-78]: 'ESRCH' }).deps)).toBe(
        false,
      );
    },
  );
});

describe('killProcessTree', () => {
  it('runs taskkill /T /F on Windows and sends no signal', async () => {
    const { deps, kills, runs } = recordingDeps('win32');
    await killProcessTree(77, deps);
    expect(runs).toEqual([['taskkill', ['/PID', '77', '/T', '/F']]]);
    expect(kills).toEqual([]);
  });

  it.each(['linux', 'darwin'] as const)('kills the group with SIGKILL on %s', async (platform) => {
    const { deps, kills } = recordingDeps(platform);
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
