// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines): `app` is
// a stand-in recording the calls; the identity itself is read from electron-builder.yml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID, applyAppIdentity } from './app-identity.js';

function fakeApp() {
  const calls: string[] = [];
  return {
    calls,
    setAppUserModelId: (id: string) => calls.push(`aumid ${id}`),
    setPath: (name: string, path: string) => calls.push(`path ${name} ${path}`),
  };
}

describe('applyAppIdentity', () => {
  it('on Windows declares the AppUserModelID of the MSI’s Start-menu shortcut (electron-builder appId)', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { appId: string };
    expect(APP_ID).toBe(config.appId);
    const app = fakeApp();
    applyAppIdentity(app, 'win32', 'C:\\Data\\planasonix-agent-host');
    expect(app.calls).toContain(`aumid ${config.appId}`);
  });

  it.each(['darwin', 'linux'] as const)('on %s calls no Windows-only API', (platform) => {
    const app = fakeApp();
    applyAppIdentity(app, platform, '/data');
    expect(app.calls.filter((call) => call.startsWith('aumid'))).toEqual([]);
  });

  it('keeps Electron’s user data inside the host’s data folder', () => {
    const app = fakeApp();
    applyAppIdentity(app, 'linux', '/home/ana/.local/share/planasonix-agent-host');
    expect(app.calls).toEqual([
      `path userData ${join('/home/ana/.local/share/planasonix-agent-host', 'electron')}`,
    ]);
  });
});
