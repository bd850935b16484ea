import { describe, expect, it } from 'vitest';
import { isWindowsAdministrator } from './windows-administrator.js';

describe('isWindowsAdministrator', () => {
  it('is true on Windows when net session succeeds', () => {
    expect(isWindowsAdministrator('win32', () => undefined)).toBe(true);
  });

  it('is false on Windows when net session is refused (not elevated)', () => {
    const refused = () => {
      throw new Error('System error 5 has occurred. Access is denied.');
    };
    expect(isWindowsAdministrator('win32', refused)).toBe(false);
  });

  it.each(['linux', 'darwin'] as const)('is false on %s without asking', (platform) => {
    const asked = () => {
      throw new Error('must not run');
    };
    expect(isWindowsAdministrator(platform, asked)).toBe(false);
  });
});
