import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstallerSandbox, macosSandbox } from './installer-sandbox.js';

const token = `plnx_enroll_${randomBytes(32).toString('base64url')}`;
const values = {
  PLANASONIX_API_HOST: 'https://api.planasonix.example',
  PLANASONIX_AGENT_ID: 'agt_01jq8mac01',
};
const app = 'Planasonix Agent.app';

describe.skipIf(process.platform === 'win32')('install.sh on macOS', () => {
  let sandbox: InstallerSandbox;
  beforeEach(async () => {
    sandbox = await InstallerSandbox.create(macosSandbox);
    await mkdir(sandbox.applicationsDir);
  });
  afterEach(async () => {
    await sandbox.dispose();
  });

  it('copies the app out of the .dmg, detaches it, and writes the managed config and a 0600 token', async () => {
    const result = await sandbox.run([], { ...values, PLANASONIX_ENROLLMENT_TOKEN: token });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [attach, ditto, detach] = result.calls;
    expect(attach?.slice(0, 2)).toEqual(['hdiutil', 'attach']);
    expect(attach?.at(-1)).toBe(sandbox.package);
    expect(ditto?.[0]).toBe('ditto');
    expect(ditto?.[2]).toBe(join(sandbox.applicationsDir, app));
    expect(detach?.slice(0, 2)).toEqual(['hdiutil', 'detach']);
    expect(await readFile(join(sandbox.applicationsDir, app, 'Contents/Info.plist'), 'utf8')).toContain(
      sandbox.package,
    );

    expect(JSON.parse(await readFile(join(sandbox.configDir, 'planasonix-agent.json'), 'utf8'))).toEqual({
      api_host: values.PLANASONIX_API_HOST,
      agent_id: values.PLANASONIX_AGENT_ID,
    });
    const tokenFile = join(sandbox.configDir, 'enrollment', 'token');
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(tokenFile, 'utf8')).toBe(`${token}\n`);
    for (const text of [
      result.stdout,
      result.stderr,
      result.calls.flat().join(' '),
      result.standInEnvironments,
    ]) {
      expect(text).not.toContain(token);
    }
  });

  it('names what is missing and touches nothing', async () => {
    const result = await sandbox.run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing PLANASONIX_API_HOST');
    expect(result.stderr).toContain('missing the enrollment token');
    expect(result.calls).toEqual([]);
  });

  it('refuses the Linux-only --headless switch', async () => {
    const result = await sandbox.run(['--headless', '--token', token], values);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--headless applies to Linux only');
    expect(result.calls).toEqual([]);
  });

  it('stops before writing anything when the image cannot be opened', async () => {
    const result = await sandbox.run(['--token', token], { ...values, STANDIN_EXIT_hdiutil: '1' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('could not open');
    await expect(stat(join(sandbox.configDir, 'enrollment', 'token'))).rejects.toThrow(/ENOENT/);
    expect(result.stderr + result.stdout).not.toContain(token);
  });
});
