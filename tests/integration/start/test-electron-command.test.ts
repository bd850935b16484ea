// `npm run test:electron` where Electron cannot start: the real command, run as a child process,
// with ELECTRON_OVERRIDE_DIST_PATH pointing at an empty folder so it finds no binary on any machine
// (on a CI runner with Electron downloaded, the command would otherwise run the desktop tests).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronTestPlan } from '../../../scripts/test-electron.js';

const empty = mkdtempSync(join(tmpdir(), 'no-electron-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

function runCommand(extraEnv: Record<string, string>) {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/test-electron.ts'], {
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, PLANASONIX_REQUIRE_ELECTRON: '', ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run test:electron without Electron', () => {
  it('prints one line saying why and exits 0, so npm test passes here', () => {
    const { code, stdout, stderr } = runCommand({});
    expect(stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^test:electron: skipped, Electron cannot start here: its binary is missing/),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('fails when CI requires Electron (a missing binary must not pass quietly there)', () => {
    const { code, stdout } = runCommand({ PLANASONIX_REQUIRE_ELECTRON: '1' });
    expect(stdout).toMatch(/^test:electron: Electron cannot start here: /);
    expect(code).toBe(1);
  });
});

describe('electronTestPlan', () => {
  it('runs the desktop tests with the binary the check found', () => {
    expect(electronTestPlan({ ok: true, binary: '/e/electron' }, {})).toEqual({
      run: true,
      binary: '/e/electron',
    });
  });
});
