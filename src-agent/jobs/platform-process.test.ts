import { describe, expect, it } from 'vitest';
import { shellInvocation, spawnsOwnGroup } from './platform-process.js';

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
