// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: BrowserWindow records the options it was built with.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from './app-origin.js';
import { HOST_API_EVENT_CHANNEL } from './ipc-channels.js';
import { MainWindow } from './main-window.js';

const { FakeBrowserWindow } = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWebContents extends EventEmitter {
    id = 42;
    sent: [string, unknown][] = [];
    send(channel: string, message: unknown) {
      this.sent.push([channel, message]);
    }
  }
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = [];
    webContents = new FakeWebContents();
    loaded: string[] = [];
    shown = 0;
    constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.shown += 1;
    }
    focus() {}
  }
  return { FakeBrowserWindow };
});
vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow }));

beforeEach(() => {
  FakeBrowserWindow.created = [];
});

function open(devTools = false) {
  const errors: string[] = [];
  const window = new MainWindow({
    preloadPath: '/app/dist/preload/index.cjs',
    iconPath: undefined,
    onLoadError: (message) => errors.push(message),
    devTools,
  });
  window.show({ view: 'status', enrollLink: null });
  const created = FakeBrowserWindow.created.at(-1)!;
  return { window, created, errors };
}

describe('MainWindow', () => {
  it('sandboxes and isolates the renderer, with no Node anywhere and only our preload', () => {
    const { created } = open();
    expect(created.options.webPreferences).toEqual({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
    expect(created.options).toMatchObject({ minWidth: 360, minHeight: 560, show: false });
  });

  it('enables DevTools only when asked (a development run), never by default in an installed app', () => {
    expect(open(true).created.options.webPreferences.devTools).toBe(true);
    expect(open().created.options.webPreferences.devTools).toBe(false);
  });

  it('loads the app from app://renderer, never a remote or file URL', () => {
    const { created } = open();
    expect(created.loaded).toEqual([APP_ENTRY_URL]);
  });

  it('forwards host events only once the page has loaded, and opens the asked view then', () => {
    const { window, created } = open();
    window.sendEvent({ event: 'metricSample', payload: { at: 1 } });
    window.show({
      view: 'enroll',
      enrollLink: { apiHost: 'https://cp.example', token: 'plnx_enroll_abcdefgh' },
    });
    expect(created.webContents.sent).toEqual([]);
    created.webContents.emit('did-finish-load');
    window.sendEvent({ event: 'metricSample', payload: { at: 2 } });
    expect(created.webContents.sent).toEqual([
      [
        HOST_API_EVENT_CHANNEL,
        {
          event: 'openView',
          payload: {
            view: 'enroll',
            enrollLink: { apiHost: 'https://cp.example', token: 'plnx_enroll_abcdefgh' },
          },
        },
      ],
      [HOST_API_EVENT_CHANNEL, { event: 'metricSample', payload: { at: 2 } }],
    ]);
    expect(window.webContentsId()).toBe(42);
  });

  it('reuses one window, and builds a new one after it was closed', () => {
    const { window, created } = open();
    window.show({ view: 'logs', enrollLink: null });
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(created.shown).toBe(2);
    created.emit('closed');
    expect(window.webContentsId()).toBeNull();
    window.show({ view: 'status', enrollLink: null });
    expect(FakeBrowserWindow.created).toHaveLength(2);
  });
});
