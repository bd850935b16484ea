// Electron's runtime cannot run here (its binary is not downloadable, see ENVIRONMENT.md), so
// `electron` is mocked: the session and app hand us the handlers the shell installs.
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from './harden-web-contents.js';

type PermissionHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type RequestHandler = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;

interface Handlers {
  permission?: PermissionHandler;
  check?: (...args: unknown[]) => boolean;
  request?: RequestHandler;
  filter?: unknown;
}

const electron = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const handlers: Handlers = {};
  return { app: new Emitter(), handlers };
});
vi.mock('electron', () => ({
  app: electron.app,
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: PermissionHandler) => (electron.handlers.permission = handler),
      setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) =>
        (electron.handlers.check = handler),
      webRequest: {
        onBeforeRequest: (filter: unknown, handler: RequestHandler) => {
          electron.handlers.filter = filter;
          electron.handlers.request = handler;
        },
      },
    },
  },
}));

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.openHandler = handler;
  }
}

const blocked: string[] = [];
beforeAll(() => {
  hardenWebContents('/app/dist/renderer', (what) => blocked.push(what));
});

function created(): FakeContents {
  const contents = new FakeContents();
  electron.app.emit('web-contents-created', {}, contents);
  return contents;
}

function navigate(contents: FakeContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { preventDefault: () => (prevented = true) }, url);
  return prevented;
}

describe('hardenWebContents', () => {
  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      electron.handlers.permission?.({}, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(electron.handlers.check?.({}, 'media')).toBe(false);
    expect(blocked).toContain('denied a permission request: media');
  });

  it('lets only the app and its own files load: no remote content', () => {
    expect(electron.handlers.filter).toEqual({ urls: ['<all_urls>'] });
    const cancelled = (url: string) => {
      let cancel: boolean | null = null;
      electron.handlers.request?.({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(cancelled('app://renderer/assets/index.js')).toBe(false);
    expect(cancelled('file:///app/dist/renderer/index.html')).toBe(false);
    expect(cancelled('https://cdn.example.com/x.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/api/agents')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('file:///app/dist/renderer-evil/index.html')).toBe(true);
    expect(cancelled('ws://127.0.0.1:9/api')).toBe(true);
    expect(blocked).toContain('blocked a request to https://cdn.example.com');
  });

  it('refuses window.open, navigation and redirects away from the app, and <webview>', () => {
    const contents = created();
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://renderer/index.html' })).toEqual({ action: 'deny' });
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'app://renderer/index.html#/logs')).toBe(false);
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(blocked).toEqual(
      expect.arrayContaining([
        'refused to navigate to https://evil.example',
        'refused to attach a <webview>',
      ]) as unknown,
    );
  });
});
