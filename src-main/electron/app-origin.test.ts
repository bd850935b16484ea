import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl, isTrustedSender, resolveAppAsset } from './app-origin.js';

const root = join('/opt', 'app', 'dist', 'renderer');

describe('resolveAppAsset', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveAppAsset(root, APP_ENTRY_URL)).toEqual({ ok: true, path: join(root, 'index.html') });
    expect(resolveAppAsset(root, 'app://renderer/')).toMatchObject({
      ok: true,
      path: join(root, 'index.html'),
    });
    expect(resolveAppAsset(root, 'app://renderer/assets/index-abc.js?v=1')).toMatchObject({
      ok: true,
      path: join(root, 'assets', 'index-abc.js'),
    });
  });

  it.each([
    ['a dot-dot escape', 'app://renderer/../../etc/passwd.html'],
    ['an encoded dot-dot escape', 'app://renderer/%2e%2e/%2e%2e/secrets/ui-token.json'],
    ['a double-encoded escape', 'app://renderer/%252e%252e/%252e%252e/x.js'],
  ])('keeps %s inside the renderer folder', (_name, url) => {
    const asset = resolveAppAsset(root, url);
    if (asset.ok) expect(asset.path.startsWith(`${root}${sep}`)).toBe(true);
    // Whatever the URL parser made of it, nothing above the renderer folder is ever named.
    expect(JSON.stringify(asset)).not.toMatch(/\/opt\/app\/(?!dist\/renderer)/);
  });

  it.each([
    ['a backslash', 'app://renderer/..%5c..%5cwin.ini.js'],
    ['a NUL byte', 'app://renderer/index.html%00.js'],
    ['another host', 'app://elsewhere/index.html'],
    ['another scheme', 'file:///opt/app/dist/renderer/index.html'],
    ['bad percent-encoding', 'app://renderer/%E0%A4%A.js'],
  ])('refuses %s', (_name, url) => {
    const asset = resolveAppAsset(root, url);
    expect(asset.ok).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const ours = { webContentsId: 7, frameUrl: 'app://renderer/index.html#/enroll', isMainFrame: true };

  it('trusts only the top frame of our own window on app://renderer', () => {
    expect(isTrustedSender(ours, 7)).toBe(true);
    expect(isTrustedSender(ours, 8)).toBe(false);
    expect(isTrustedSender(ours, null)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://renderer.evil.example/' }, 7)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///opt/app/dist/renderer/index.html' }, 7)).toBe(false);
  });

  it('keeps navigation on app://renderer', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://renderer/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
