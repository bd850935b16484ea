import { describe, expect, it } from 'vitest';
import { shellInvocation, spawnsOwnGroup, treeProbeTarget, treeSignalPlan } from './platform-process.js';

describe('shellInvocation', () => {
  it('runs PowerShell without profile or prompts on Windows', () => {
    expect(shellInvocation('win32', 'Write-Output hi')).toEqual({
      command: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-Command', 'Write-Output hi'],
    });
  });

  it.each(['linux', 'darwin'] as const)('runs sh -c with stderr joined to stdout on %s', (platform) => {
    expect(shellInvocation(platform, 'echo hi')).toEqual({
      command: '/bin/sh',
      args: ['-c', 'exec 2>&1\necho hi'],
    });
  });
});

describe('spawnsOwnGroup', () => {
  it('makes the step a group leader on POSIX only', () => {
    expect(spawnsOwnGroup('linux')).toBe(true);
    expect(spawnsOwnGroup('darwin')).toBe(true);
    expect(spawnsOwnGroup('win32')).toBe(false);
  });
});

describe('treeSignalPlan', () => {
  it('asks politely with taskkill /T and forces with /F on Windows', () => {
    expect(treeSignalPlan('win32', 4321, 'SIGTERM')).toEqual({
      kind: 'command',
      command: 'taskkill',
      args: ['/PID', '4321', '/T'],
    });
    expect(treeSignalPlan('win32', 4321, 'SIGKILL')).toEqual({
      kind: 'command',
      command: 'taskkill',
      args: ['/PID', '4321', '/T', '/F'],
    });
  });

  it.each(['linux', 'darwin'] as const)('signals the whole group (-pgid) on %s', (platform) => {
    expect(treeSignalPlan(platform, 4321, 'SIGTERM')).toEqual({
      kind: 'signal',
      target: -4321,
      signal: 'SIGTERM',
    });
    expect(treeSignalPlan(platform, 4321, 'SIGKILL')).toEqual({
      kind: 'signal',
      target: -4321,
      signal: 'SIGKILL',
    });
  });

  it('refuses pids that would reach our own group, init or everything', () => {
    for (const pid of [0, 1, -1, 2.5, Number.NaN])
      expect(() => treeSignalPlan('linux', pid, 'SIGKILL')).toThrow(/not a step process id/);
  });
});

describe('treeProbeTarget', () => {
  it('probes the group on POSIX and the leader on Windows', () => {
    expect(treeProbeTarget('linux', 50)).toBe(-50);
    expect(treeProbeTarget('darwin', 50)).toBe(-50);
    expect(treeProbeTarget('win32', 50)).toBe(50);
    expect(() => treeProbeTarget('win32', 0)).toThrow(/not a step process id/);
  });
});
