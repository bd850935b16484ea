import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir.js';

const appName = 'planasonix-test';

describe('defaultDataDir', () => {
  it('uses LOCALAPPDATA on Windows', () => {
    expect(
      defaultDataDir({
        platform: 'win32',
        env: { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local\\' },
        homeDir: 'C:\\Users\\ana',
        appName,
      }),
    ).toBe('C:\\Users\\ana\\AppData\\Local\\planasonix-test');
  });

  it('falls back to the home folder on Windows without LOCALAPPDATA', () => {
    expect(defaultDataDir({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\ana', appName })).toBe(
      'C:\\Users\\ana\\AppData\\Local\\planasonix-test',
    );
  });

  it('uses Application Support on macOS, whatever XDG says', () => {
    expect(
      defaultDataDir({ platform: 'darwin', env: { XDG_DATA_HOME: '/xdg' }, homeDir: '/Users/ana', appName }),
    ).toBe('/Users/ana/Library/Application Support/planasonix-test');
  });

  it('uses an absolute XDG_DATA_HOME on Linux', () => {
    expect(
      defaultDataDir({
        platform: 'linux',
        env: { XDG_DATA_HOME: '/data/ana/' },
        homeDir: '/home/ana',
        appName,
      }),
    ).toBe('/data/ana/planasonix-test');
  });

  it('ignores an empty or relative XDG_DATA_HOME on Linux', () => {
    for (const XDG_DATA_HOME of ['', 'relative/dir', undefined]) {
      expect(
        defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME }, homeDir: '/home/ana', appName }),
      ).toBe('/home/ana/.local/share/planasonix-test');
    }
  });

  it('treats other Unixes like Linux', () => {
    expect(defaultDataDir({ platform: 'freebsd', env: {}, homeDir: '/usr/home/ana/', appName })).toBe(
      '/usr/home/ana/.local/share/planasonix-test',
    );
  });
});
