import { describe, expect, it } from 'vitest';
import { defaultDataDir, machineConfigDir } from './data-dir.js';

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

describe('machineConfigDir', () => {
  it('uses ProgramData on Windows, with a fallback when the variable is missing', () => {
    expect(machineConfigDir({ platform: 'win32', env: { ProgramData: 'D:\\Data\\' } })).toBe(
      'D:\\Data\\Planasonix Agent',
    );
    expect(machineConfigDir({ platform: 'win32', env: {} })).toBe('C:\\ProgramData\\Planasonix Agent');
  });

  it('uses /Library/Application Support on macOS and /etc on Linux', () => {
    expect(machineConfigDir({ platform: 'darwin', env: {} })).toBe(
      '/Library/Application Support/Planasonix Agent',
    );
    expect(machineConfigDir({ platform: 'linux', env: {} })).toBe('/etc/planasonix-agent');
  });

  it('lets PLANASONIX_CONFIG_DIR win on every OS', () => {
    for (const platform of ['win32', 'darwin', 'linux']) {
      expect(machineConfigDir({ platform, env: { PLANASONIX_CONFIG_DIR: '/srv/plnx' } })).toBe('/srv/plnx');
    }
  });
});
