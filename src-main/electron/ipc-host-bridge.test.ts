// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: these tests drive the real handler with fake IPC events.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applySettingsPatch, DEFAULT_HOST_SETTINGS } from '../../src-shared/host-api/settings.js';
import { scriptedWorkerLauncher } from '../../tests/helpers/scripted-worker.js';
import { ManualClock } from '../../tests/helpers/manual-clock.js';
import { createHostCore } from '../core/host-core.js';
import { secretsWarning } from '../core/secrets/secret-store.js';
import { HOST_API_CALL_CHANNEL } from './ipc-channels.js';
import { registerHostApiIpc } from './ipc-host-bridge.js';

type Handler = (event: unknown, raw: unknown) => unknown;
const handlers = vi.hoisted(() => new Map<string, Handler>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

let dir = '';
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'ipc-bridge-'))));
afterEach(async () => {
  handlers.clear();
  await rm(dir, { recursive: true, force: true });
});

const WINDOW_ID = 3;
function ipcEvent(overrides: { id?: number; url?: string | null; subframe?: boolean } = {}) {
  const url = overrides.url === undefined ? 'app://renderer/index.html' : overrides.url;
  const mainFrame = { url: url ?? '', parent: null };
  return {
    sender: { id: overrides.id ?? WINDOW_ID },
    senderFrame: url === null ? null : overrides.subframe ? { url, parent: mainFrame } : mainFrame,
  };
}

function setup() {
  let settings = DEFAULT_HOST_SETTINGS;
  const host = createHostCore({
    dataDir: dir,
    appVersion: '1.0.0',
    clock: new ManualClock(),
    settings: { get: () => settings, update: (patch) => (settings = applySettingsPatch(settings, patch)) },
    secrets: { backend: 'basic_text', warning: secretsWarning('basic_text') },
    launcher: () => scriptedWorkerLauncher().launcher,
    startAtLoginCommand: ['planasonix-agent', '--hidden'],
  });
  const refused: string[] = [];
  const unregister = registerHostApiIpc({
    dispatch: host.dispatch,
    windowWebContentsId: () => WINDOW_ID,
    onRefused: (detail) => refused.push(detail),
  });
  const handler = handlers.get(HOST_API_CALL_CHANNEL);
  if (handler === undefined) throw new Error('no handler registered');
  return { handler, refused, unregister, host };
}

describe('host API over IPC', () => {
  it('answers our window with the host API, the secrets backend included', async () => {
    const { handler } = setup();
    const response = await handler(ipcEvent(), { id: 1, method: 'snapshot', params: {} });
    expect(response).toMatchObject({
      id: 1,
      ok: true,
      result: {
        secrets: { backend: 'basic_text', warning: expect.stringMatching(/only obfuscated/) as unknown },
      },
    });
  });

  it.each([
    ['another webContents', ipcEvent({ id: 9 })],
    ['a subframe', ipcEvent({ subframe: true })],
    ['a remote page', ipcEvent({ url: 'https://evil.example/' })],
    ['a file:// page', ipcEvent({ url: 'file:///tmp/x.html' })],
    ['a destroyed frame', ipcEvent({ url: null })],
  ])('refuses %s without running the call', async (_name, event) => {
    const { handler, refused, host } = setup();
    const response = await handler(event, { id: 2, method: 'pause', params: {} });
    expect(response).toEqual({
      id: null,
      ok: false,
      error: { code: 'bad_request', message: 'this page may not call the host' },
    });
    expect(refused).toHaveLength(1);
    expect(host.service.snapshot().paused).toBe(false);
  });

  it('validates params with the host API schemas and answers with the error envelope', async () => {
    const { handler } = setup();
    expect(
      await handler(ipcEvent(), { id: 3, method: 'logs', params: { source: 'host', limit: 5000 } }),
    ).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/^logs: limit/) as unknown },
    });
    expect(await handler(ipcEvent(), { id: 4, method: 'format_disk' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await handler(ipcEvent(), 'not a request')).toMatchObject({ id: null, ok: false });
    expect(
      await handler(ipcEvent(), { id: 5, method: 'updateSettings', params: { startAtLogin: 'yes' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('startAtLogin') as unknown },
    });
  });

  it('unregisters its channel', () => {
    const { unregister } = setup();
    unregister();
    expect(handlers.has(HOST_API_CALL_CHANNEL)).toBe(false);
  });
});
