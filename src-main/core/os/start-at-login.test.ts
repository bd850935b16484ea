import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyStartAtLogin, startAtLoginPlan } from './start-at-login.js';

const command = ['/opt/Planasonix Agent/planasonix-agent', '--hidden'];

describe('startAtLoginPlan', () => {
  it('adds a Run registry value on Windows, quoting each part', () => {
    const plan = startAtLoginPlan({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\ann', command });
    expect(plan).toMatchObject({
      kind: 'commands',
      enable: [
        'reg',
        expect.arrayContaining(['add', '/d', '"/opt/Planasonix Agent/planasonix-agent" "--hidden"']),
      ],
      disable: ['reg', expect.arrayContaining(['delete', 'PlanasonixAgent'])],
    });
  });

  it('writes a LaunchAgent plist on macOS with escaped arguments', () => {
    const plan = startAtLoginPlan({ platform: 'darwin', env: {}, homeDir: '/Users/ann', command: ['/a&b'] });
    expect(plan.kind === 'file' && plan.path).toBe(
      '/Users/ann/Library/LaunchAgents/com.planasonix.agent.plist',
    );
    expect(plan.kind === 'file' && plan.content).toContain('<string>/a&amp;b</string>');
  });

  it('writes an XDG autostart entry on Linux, honouring an absolute XDG_CONFIG_HOME only', () => {
    const plan = startAtLoginPlan({
      platform: 'linux',
      env: { XDG_CONFIG_HOME: '/cfg' },
      homeDir: '/home/ann',
      command,
    });
    expect(plan).toMatchObject({ kind: 'file', path: '/cfg/autostart/planasonix-agent.desktop' });
    expect(plan.kind === 'file' && plan.content).toContain(
      'Exec="/opt/Planasonix Agent/planasonix-agent" --hidden',
    );
    const relative = startAtLoginPlan({
      platform: 'linux',
      env: { XDG_CONFIG_HOME: 'cfg' },
      homeDir: '/home/ann',
      command,
    });
    expect(relative).toMatchObject({ path: '/home/ann/.config/autostart/planasonix-agent.desktop' });
  });
});

describe('applyStartAtLogin', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('creates and removes the file of a file plan', async () => {
    dir = await mkdtemp(join(tmpdir(), 'login-'));
    const plan = startAtLoginPlan({ platform: 'linux', env: {}, homeDir: dir, command });
    const run = () => Promise.resolve(0);
    await applyStartAtLogin(plan, true, { run });
    const path = join(dir, '.config/autostart/planasonix-agent.desktop');
    expect(await readFile(path, 'utf8')).toContain('[Desktop Entry]');
    await applyStartAtLogin(plan, false, { run });
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it('runs the enable command and reports its failure', async () => {
    const plan = startAtLoginPlan({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\ann', command });
    const calls: string[] = [];
    await expect(
      applyStartAtLogin(plan, true, { run: (c, a) => (calls.push(`${c} ${a[0]}`), Promise.resolve(1)) }),
    ).rejects.toThrow(/reg exited 1/);
    await applyStartAtLogin(plan, false, { run: (c, a) => (calls.push(`${c} ${a[0]}`), Promise.resolve(1)) });
    expect(calls).toEqual(['reg add', 'reg delete']);
  });
});
