import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySettingsPatch, DEFAULT_HOST_SETTINGS } from '../../src-shared/host-api/settings.js';
import { scriptedWorkerLauncher } from '../../tests/helpers/scripted-worker.js';
import { ManualClock } from '../../tests/helpers/manual-clock.js';
import { createHostCore } from './host-core.js';

let dir = '';
const savedXdg = process.env.XDG_CONFIG_HOME;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'host-core-'));
  // Linux start at login writes $XDG_CONFIG_HOME/autostart: keep it inside the test's folder.
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
});
afterEach(async () => {
  if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = savedXdg;
  await rm(dir, { recursive: true, force: true });
});

function setup(blocked: string | null) {
  let settings = applySettingsPatch(DEFAULT_HOST_SETTINGS, { startAtLogin: false });
  return createHostCore({
    dataDir: join(dir, 'data'),
    appVersion: '1.0.0',
    clock: new ManualClock(),
    settings: { get: () => settings, update: (patch) => (settings = applySettingsPatch(settings, patch)) },
    secrets: { backend: 'file', warning: null },
    launcher: () => scriptedWorkerLauncher().launcher,
    startAtLoginCommand: ['planasonix-agent', '--hidden'],
    startAtLoginBlocked: () => blocked,
  });
}

describe('createHostCore under IT policy', () => {
  it('starts the worker with the control plane, slots and proxy policy sets, over settings and flags', async () => {
    let args: () => readonly string[] = () => [];
    const settings = applySettingsPatch(DEFAULT_HOST_SETTINGS, { proxyUrl: 'http://mine:8080' });
    const host = createHostCore({
      dataDir: join(dir, 'data'),
      appVersion: '1.0.0',
      clock: new ManualClock(),
      settings: { get: () => settings, update: () => settings },
      secrets: { backend: 'file', warning: null },
      launcher: (workerArgs) => ((args = workerArgs), scriptedWorkerLauncher().launcher),
      startAtLoginCommand: ['planasonix-agent'],
      apiHost: 'https://flag.example',
      policySource: {
        read: () =>
          Promise.resolve({
            source: 'test policy',
            entries: {
              ApiHost: 'https://cp.acme.example',
              MaxJobSlots: 2,
              ProxyUrl: 'http://proxy.acme:3128',
            },
            problems: [],
          }),
      },
    });
    expect(args()).toContain('https://flag.example');
    await host.policy.start();
    host.policy.stop();
    const started = args().join(' ');
    expect(started).toContain('--api-host https://cp.acme.example');
    expect(started).toContain('--job-slots 2');
    expect(started).toContain('--proxy-url http://proxy.acme:3128');
  });
});

describe.skipIf(process.platform !== 'linux')('createHostCore start at login', () => {
  it('refuses to turn it on where the shell says it cannot, naming why, and changes nothing', async () => {
    const host = setup('move the app to /Applications first');
    expect(
      await host.dispatch({ id: 1, method: 'updateSettings', params: { startAtLogin: true } }),
    ).toMatchObject({
      ok: false,
      error: { message: 'start at login could not be changed: move the app to /Applications first' },
    });
    expect(await host.dispatch({ id: 2, method: 'getSettings' })).toMatchObject({
      result: { startAtLogin: false },
    });
    expect(await readdir(dir)).not.toContain('config');
    host.logs.close();
  });

  it('turns it on when nothing blocks it', async () => {
    const host = setup(null);
    expect(
      await host.dispatch({ id: 1, method: 'updateSettings', params: { startAtLogin: true } }),
    ).toMatchObject({ ok: true, result: { startAtLogin: true } });
    expect(await readdir(join(dir, 'config', 'autostart'))).toEqual(['planasonix-agent.desktop']);
    host.logs.close();
  });
});
