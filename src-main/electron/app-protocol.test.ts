// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines), so
// `electron` is mocked: protocol.handle hands us the handler, net.fetch reads files with Node.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from './app-origin.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';

type Handler = (request: Request) => Promise<Response>;
const electron = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  privileged: [] as unknown[],
  fetched: [] as string[],
}));
vi.mock('electron', async () => {
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  return {
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => electron.privileged.push(...schemes),
      handle: (scheme: string, handler: Handler) => electron.handlers.set(scheme, handler),
    },
    net: {
      fetch: async (url: string) => {
        electron.fetched.push(url);
        try {
          const body = await readFile(fileURLToPath(url));
          return new Response(body, { headers: { 'content-type': 'text/html' } });
        } catch {
          return new Response(null, { status: 404 });
        }
      },
    },
  };
});

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  electron.fetched.length = 0;
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function handler(): Handler {
  serveRenderer(dir);
  const handle = electron.handlers.get('app');
  if (handle === undefined) throw new Error('app:// not handled');
  return handle;
}

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(electron.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, corsEnabled: true } },
    ]);
  });

  it('serves the renderer with a strict CSP header', async () => {
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    const response = await handler()(new Request(APP_ENTRY_URL));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>x</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404 for another host without reading anything', async () => {
    const response = await handler()(new Request('app://elsewhere/index.html'));
    expect(response.status).toBe(404);
    expect(electron.fetched).toEqual([]);
  });
});
