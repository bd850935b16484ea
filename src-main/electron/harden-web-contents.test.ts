// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: the session and app hand us the handlers the shell installs.
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from './harden-web-contents.js';

interface PermissionDetails {
  requestingUrl?: string;
  isMainFrame: boolean;
  embeddingOrigin?: string;
}
type PermissionHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionDetails,
) => void;
type CheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionDetails,
) => boolean;
type RequestHandler = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;

interface Handlers {
  permission?: PermissionHandler;
  check?: CheckHandler;
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
      setPermissionCheckHandler: (handler: CheckHandler) => (electron.handlers.check = handler),
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
  const ourPage = { requestingUrl: 'app://renderer/index.html#/logs', isMainFrame: true };
  const request = (permission: string, details: PermissionDetails) => {
    let answer: boolean | null = null;
    electron.handlers.permission?.({}, permission, (granted) => (answer = granted), details);
    return answer;
  };

  it('denies every permission request and check from our own page but the clipboard write', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect([permission, request(permission, ourPage)]).toEqual([permission, false]);
      expect(electron.handlers.check?.({}, permission, 'app://renderer', ourPage)).toBe(false);
    }
    expect(blocked).toContain('denied a permission request: media');
  });

  it('lets the Logs view copy: clipboard-sanitized-write for our app://renderer top frame', () => {
    expect(request('clipboard-sanitized-write', ourPage)).toBe(true);
    expect(
      electron.handlers.check?.({}, 'clipboard-sanitized-write', 'app://renderer', { isMainFrame: true }),
    ).toBe(true);
  });

  it('refuses the clipboard write to anyone else: a sub frame, another origin, an embedded frame', () => {
    const write = 'clipboard-sanitized-write';
    expect(request(write, { ...ourPage, isMainFrame: false })).toBe(false);
    expect(request(write, { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(request(write, { requestingUrl: 'file:///app/dist/renderer/index.html', isMainFrame: true })).toBe(
      false,
    );
    expect(request(write, { ...ourPage, embeddingOrigin: 'https://evil.example' })).toBe(false);
    expect(electron.handlers.check?.({}, write, 'https://evil.example', { isMainFrame: true })).toBe(false);
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
