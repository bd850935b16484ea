import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOST_SETTINGS } from '../../../src-shared/host-api/settings.js';
import { scriptedWorkerLauncher, SCRIPTED_WORKER_AGENT_ID } from '../../../tests/helpers/scripted-worker.js';
import { ManualClock } from '../../../tests/helpers/manual-clock.js';
import { LogBook } from '../logs/log-book.js';
import { hostLogger } from '../logs/host-logger.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { EnrollmentRecordFile } from './enrollment-record.js';
import { HostService } from './host-service.js';
import { InstallerEnrollmentFiles } from './installer-enrollment.js';

const TOKEN = `plnx_enroll_${'A1b2C3d4E5'.repeat(4)}xyz`;

let dir = '';
let configDir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'installer-enrollment-'));
  configDir = join(dir, 'machine-config');
  await mkdir(join(configDir, 'enrollment'), { recursive: true });
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const tokenFile = () => join(configDir, 'enrollment', 'token');

async function leaveInstallerFiles(config: object | string | null, token: string | null = TOKEN) {
  if (config !== null) {
    const text = typeof config === 'string' ? config : JSON.stringify(config);
    await writeFile(join(configDir, 'planasonix-agent.json'), text);
  }
  if (token !== null) await writeFile(tokenFile(), `${token}\r\n`, { mode: 0o600 });
}

let hosts = 0;

function setup(options: { refuseEnroll?: string } = {}) {
  const clock = new ManualClock();
  const { launcher, received } = scriptedWorkerLauncher(options);
  // Each host its own log folder: a restarted host's log is read back on its own.
  const logs = new LogBook(join(dir, `logs-${(hosts += 1)}`), { maxBytes: 1 << 20, kept: 1 });
  const service = new HostService({
    appVersion: '1.2.3',
    clock,
    supervisor: new Supervisor({ launcher, clock }),
    logs,
    log: hostLogger(logs, clock),
    settings: { get: () => DEFAULT_HOST_SETTINGS, update: () => DEFAULT_HOST_SETTINGS },
    secrets: { backend: 'file', warning: null },
    enrollment: new EnrollmentRecordFile(join(dir, 'enrollment.json')),
    installerEnrollment: new InstallerEnrollmentFiles(configDir),
  });
  const hostLog = async () =>
    (await service.handlers.logs({ source: 'host', limit: 100 })).lines.map((line) => line.msg).join('\n');
  return { service, received, hostLog };
}

describe('enrolling with the token a silent install left', () => {
  it('enrolls with the configured host, then deletes the token', async () => {
    await leaveInstallerFiles({ api_host: 'https://cp.example.com' });
    const { service, received, hostLog } = setup();
    await service.enrollFromInstaller();
    const enroll = received.find((m) => m.type === 'enroll');
    expect(enroll).toMatchObject({ apiHost: 'https://cp.example.com', token: TOKEN });
    expect(service.snapshot().enrollment).toMatchObject({
      state: 'enrolled',
      agentId: SCRIPTED_WORKER_AGENT_ID,
    });
    expect(existsSync(tokenFile())).toBe(false);
    const log = await hostLog();
    expect(log).toMatch(/using the token the installer left/);
    expect(log).toMatch(/removed the spent installer token/);
    expect(log).not.toContain(TOKEN);
  });

  it('does nothing when no token waits, or when this host is enrolled already', async () => {
    await leaveInstallerFiles({ api_host: 'https://cp.example.com' }, null);
    const idle = setup();
    await idle.service.enrollFromInstaller();
    expect(idle.received.some((m) => m.type === 'enroll')).toBe(false);

    await leaveInstallerFiles(null);
    const enrolled = setup();
    await enrolled.service.handlers.enroll({ apiHost: 'https://other.example.com', token: TOKEN });
    await enrolled.service.enrollFromInstaller();
    expect(enrolled.received.filter((m) => m.type === 'enroll')).toHaveLength(1);
    expect(existsSync(tokenFile())).toBe(true);
  });

  it('deletes a token the control plane refuses (it can never work) and says to ask for a new one', async () => {
    await leaveInstallerFiles({ api_host: 'https://cp.example.com' });
    const { service, hostLog } = setup({ refuseEnroll: 'this token was already used' });
    await service.enrollFromInstaller();
    expect(service.snapshot().enrollment.state).not.toBe('enrolled');
    expect(existsSync(tokenFile())).toBe(false);
    const log = await hostLog();
    expect(log).toMatch(/failed: this token was already used/);
    expect(log).toMatch(/removed the refused installer token: ask for a new one/);
    expect(log).not.toContain(TOKEN);
  });

  it('keeps the token and says what is missing when the config names no API host', async () => {
    await leaveInstallerFiles({ agent_id: 'agt_01hzy0000000000000000000ab' });
    const { service, received, hostLog } = setup();
    await service.enrollFromInstaller();
    expect(received.some((m) => m.type === 'enroll')).toBe(false);
    expect(existsSync(tokenFile())).toBe(true);
    expect(await hostLog()).toMatch(/left an enrollment token but no api_host/);
  });

  it('names the broken file, never showing the token, when the files are not right', async () => {
    await leaveInstallerFiles('{ not json', TOKEN);
    const broken = setup();
    await broken.service.enrollFromInstaller();
    expect(await broken.hostLog()).toMatch(/planasonix-agent\.json is not valid JSON/);

    await leaveInstallerFiles({ api_host: 'https://cp.example.com' }, 'not-a-token-at-all');
    const wrongToken = setup();
    await wrongToken.service.enrollFromInstaller();
    const log = await wrongToken.hostLog();
    expect(log).toMatch(/enrollment\/token does not hold an enrollment token/);
    expect(log).not.toContain('not-a-token-at-all');
    expect(wrongToken.received.some((m) => m.type === 'enroll')).toBe(false);
  });
});
