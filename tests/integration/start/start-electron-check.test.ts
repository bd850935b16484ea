import { describe, expect, it } from 'vitest';
import { checkElectron } from '../../../scripts/start-electron-check.js';
import type { ElectronCheckInput } from '../../../scripts/start-electron-check.js';

function input(
  overrides: Partial<ElectronCheckInput> & { files?: Record<string, string> },
): ElectronCheckInput {
  const files = overrides.files ?? {};
  return {
    platform: 'linux',
    env: { DISPLAY: ':0' },
    electronPackageDir: '/repo/node_modules/electron',
    readText: (path) => files[path] ?? null,
    isFile: (path) => path in files,
    ...overrides,
  };
}

describe('checkElectron (files and environment only, never require("electron"))', () => {
  it('finds the binary path.txt names under dist/, per OS', () => {
    expect(
      checkElectron(
        input({
          files: {
            '/repo/node_modules/electron/path.txt': 'electron',
            '/repo/node_modules/electron/dist/electron': '',
          },
        }),
      ),
    ).toEqual({ ok: true, binary: '/repo/node_modules/electron/dist/electron' });
    const mac = 'Electron.app/Contents/MacOS/Electron';
    expect(
      checkElectron(
        input({
          platform: 'darwin',
          env: {},
          files: {
            '/repo/node_modules/electron/path.txt': mac,
            [`/repo/node_modules/electron/dist/${mac}`]: '',
          },
        }),
      ),
    ).toEqual({ ok: true, binary: `/repo/node_modules/electron/dist/${mac}` });
    expect(
      checkElectron(
        input({
          platform: 'win32',
          env: {},
          electronPackageDir: 'C:\\repo\\node_modules\\electron',
          files: {
            'C:\\repo\\node_modules\\electron\\path.txt': 'electron.exe',
            'C:\\repo\\node_modules\\electron\\dist\\electron.exe': '',
          },
        }),
      ),
    ).toEqual({ ok: true, binary: 'C:\\repo\\node_modules\\electron\\dist\\electron.exe' });
  });

  it('says why when the binary was never downloaded or is gone', () => {
    expect(checkElectron(input({}))).toEqual({
      ok: false,
      reason: 'its binary was never downloaded (node_modules/electron/path.txt is missing)',
    });
    expect(checkElectron(input({ files: { '/repo/node_modules/electron/path.txt': 'electron\n' } }))).toEqual(
      {
        ok: false,
        reason: 'its binary is missing (/repo/node_modules/electron/dist/electron)',
      },
    );
  });

  it('follows ELECTRON_OVERRIDE_DIST_PATH, with the OS default name when path.txt is absent', () => {
    expect(
      checkElectron(
        input({
          env: { DISPLAY: ':1', ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron/' },
          files: { '/opt/electron/electron': '' },
        }),
      ),
    ).toEqual({ ok: true, binary: '/opt/electron/electron' });
    expect(
      checkElectron(
        input({
          platform: 'win32',
          env: { ELECTRON_OVERRIDE_DIST_PATH: 'D:\\e' },
          files: { 'D:\\e\\electron.exe': '' },
        }),
      ),
    ).toEqual({ ok: true, binary: 'D:\\e\\electron.exe' });
    expect(
      checkElectron(
        input({
          platform: 'darwin',
          env: { ELECTRON_OVERRIDE_DIST_PATH: '/e' },
          files: { '/e/Electron.app/Contents/MacOS/Electron': '' },
        }),
      ),
    ).toMatchObject({ ok: true });
  });

  it('needs a display on Linux only (X11 or Wayland)', () => {
    const files = {
      '/repo/node_modules/electron/path.txt': 'electron',
      '/repo/node_modules/electron/dist/electron': '',
    };
    expect(checkElectron(input({ env: {}, files }))).toEqual({
      ok: false,
      reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    });
    expect(checkElectron(input({ env: { DISPLAY: '' }, files }))).toMatchObject({ ok: false });
    expect(checkElectron(input({ env: { WAYLAND_DISPLAY: 'wayland-0' }, files }))).toMatchObject({
      ok: true,
    });
  });
});
