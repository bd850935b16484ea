import { randomBytes } from 'node:crypto';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstallerSandbox, linuxSandbox, type RunResult } from './installer-sandbox.js';

const token = `plnx_enroll_${randomBytes(32).toString('base64url')}`;
const apiHost = 'https://api.planasonix.example';
const agentId = 'agt_01jq8new01abcdefghjkmnpqrs';
const values = { PLANASONIX_API_HOST: apiHost, PLANASONIX_AGENT_ID: agentId };

function expectTokenNowhere(result: RunResult) {
  expect(result.stdout).not.toContain(token);
  expect(result.stderr).not.toContain(token);
  expect(result.calls.flat().join(' ')).not.toContain(token);
  expect(result.standInEnvironments).not.toContain(token);
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.skipIf(process.platform === 'win32')('install.sh', () => {
  let sandbox: InstallerSandbox;
  beforeEach(async () => {
    sandbox = await InstallerSandbox.create(linuxSandbox);
  });
  afterEach(async () => {
    await sandbox.dispose();
  });

  it('on a server: calls apt-get install on the .deb and systemctl enable --now on the unit (stand-ins record the calls), writes config and a 0600 token', async () => {
    const result = await sandbox.run(['--token', token], values);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.calls).toEqual([
      ['systemctl', 'get-default'],
      ['apt-get', 'install', '-y', sandbox.package],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'planasonix-agent.service'],
    ]);
    const tokenFile = join(sandbox.configDir, 'enrollment', 'token');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(sandbox.configDir, 'enrollment'))).mode & 0o777).toBe(0o700);
    expect(await readFile(tokenFile, 'utf8')).toBe(`${token}\n`);
    const config = JSON.parse(
      await readFile(join(sandbox.configDir, 'planasonix-agent.json'), 'utf8'),
    ) as unknown;
    expect(config).toEqual({ api_host: apiHost, agent_id: agentId });
    expectTokenNowhere(result);
  });

  it('on a desktop (graphical.target): leaves the systemd unit alone', async () => {
    const result = await sandbox.run(['--token', token], {
      ...values,
      STANDIN_DEFAULT_TARGET: 'graphical.target',
    });
    expect(result.code).toBe(0);
    expect(result.calls.map((call) => call.slice(0, 2).join(' '))).toEqual([
      'systemctl get-default',
      `apt-get install`,
    ]);
    expect(result.stdout).toContain('desktop host');
    expect((await stat(join(sandbox.configDir, 'enrollment', 'token'))).mode & 0o777).toBe(0o600);
    expectTokenNowhere(result);
  });

  it('--desktop and --headless override what systemctl says', async () => {
    const desktop = await sandbox.run(['--desktop'], { ...values, PLANASONIX_ENROLLMENT_TOKEN: token });
    expect(desktop.calls.some((call) => call[1] === 'enable')).toBe(false);
    const headless = await sandbox.run(['--headless'], {
      ...values,
      PLANASONIX_ENROLLMENT_TOKEN: token,
      STANDIN_DEFAULT_TARGET: 'graphical.target',
    });
    expect(headless.calls.at(-1)).toEqual(['systemctl', 'enable', '--now', 'planasonix-agent.service']);
    expectTokenNowhere(desktop);
    expectTokenNowhere(headless);
  });

  it('takes the token from the environment and keeps it out of the children’s environment', async () => {
    const result = await sandbox.run([], { ...values, PLANASONIX_ENROLLMENT_TOKEN: token });
    expect(result.code).toBe(0);
    expect(result.standInEnvironments).toContain('PLANASONIX_API_HOST=');
    expectTokenNowhere(result);
  });

  it('takes the token from a file or standard input', async () => {
    const file = join(sandbox.root, 'token.txt');
    await writeFile(file, `${token}\r\n`, { mode: 0o600 });
    const fromFile = await sandbox.run(['--token-file', file], values);
    expect(fromFile.code).toBe(0);
    expect(await readFile(join(sandbox.configDir, 'enrollment', 'token'), 'utf8')).toBe(`${token}\n`);
    const fromStdin = await sandbox.run(['--token-file', '-'], values, `${token}\n`);
    expect(fromStdin.code).toBe(0);
    expectTokenNowhere(fromFile);
    expectTokenNowhere(fromStdin);
  });

  it('reads API host and agent id from the bundled planasonix-agent.json; the environment wins', async () => {
    await sandbox.writeBundledConfig({ api_host: 'https://bundled.planasonix.example', agent_id: agentId });
    const bundled = await sandbox.run(['--token', token]);
    expect(bundled.code).toBe(0);
    const configPath = join(sandbox.configDir, 'planasonix-agent.json');
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({
      api_host: 'https://bundled.planasonix.example',
      agent_id: agentId,
    });
    const overridden = await sandbox.run(['--token', token], { PLANASONIX_API_HOST: apiHost });
    expect(overridden.code).toBe(0);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({ api_host: apiHost, agent_id: agentId });
  });

  it('names every missing value and changes nothing', async () => {
    const result = await sandbox.run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing PLANASONIX_API_HOST');
    expect(result.stderr).toContain('missing PLANASONIX_AGENT_ID');
    expect(result.stderr).toContain(
      'missing the enrollment token (--token, --token-file or PLANASONIX_ENROLLMENT_TOKEN)',
    );
    expect(result.calls).toEqual([]);
    expect(await exists(sandbox.configDir)).toBe(false);
  });

  it('rejects a malformed token, host or agent id without echoing the token', async () => {
    const badToken = 'plnx_enroll_tooShortSecretValue';
    const result = await sandbox.run(['--token', badToken], values);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('enrollment token is malformed');
    expect(result.stderr).not.toContain(badToken);
    const badHost = await sandbox.run(['--token', token], {
      ...values,
      PLANASONIX_API_HOST: 'api; rm -rf /',
    });
    expect(badHost.stderr).toContain('PLANASONIX_API_HOST must be an http(s) URL');
    const badId = await sandbox.run(['--token', token], { ...values, PLANASONIX_AGENT_ID: 'agent-7' });
    expect(badId.stderr).toContain('PLANASONIX_AGENT_ID must look like agt_');
    for (const run of [result, badHost, badId]) expect(run.calls).toEqual([]);
    expectTokenNowhere(badHost);
    expect(await exists(sandbox.configDir)).toBe(false);
  });

  it('never echoes a token pasted without --token', async () => {
    const result = await sandbox.run([token], values);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unexpected argument (not shown)');
    expectTokenNowhere(result);
  });

  it('writes no token when the package fails to install', async () => {
    const result = await sandbox.run(['--token', token], { ...values, STANDIN_EXIT_apt_get: '100' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('apt-get could not install the package (exit 100)');
    expect(await exists(join(sandbox.configDir, 'enrollment', 'token'))).toBe(false);
    expectTokenNowhere(result);
  });

  it('refuses a system it does not install on', async () => {
    const result = await sandbox.run(['--token', token], { ...values, STANDIN_UNAME: 'FreeBSD' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unsupported system FreeBSD');
    expect(result.calls).toEqual([]);
  });

  it('says which package it needs when none is beside it', async () => {
    const result = await sandbox.run(
      ['--token', token, '--package', join(sandbox.root, 'missing.deb')],
      values,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('package not found');
  });
});

describe.skipIf(process.platform === 'win32')('install.sh without apt-get', () => {
  it('falls back to dpkg -i', async () => {
    const sandbox = await InstallerSandbox.create({ ...linuxSandbox, standIns: ['dpkg', 'systemctl'] });
    try {
      const result = await sandbox.run(['--token', token], values);
      expect(result.code).toBe(0);
      expect(result.calls).toContainEqual(['dpkg', '-i', sandbox.package]);
      expectTokenNowhere(result);
    } finally {
      await sandbox.dispose();
    }
  });
});
