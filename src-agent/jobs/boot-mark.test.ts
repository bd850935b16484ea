import { describe, expect, it } from 'vitest';
import { LINUX_BOOT_ID_PATH, readBootMark, sameBoot } from './boot-mark.js';

const deps = (platform: NodeJS.Platform, bootId: string | null) => ({
  platform,
  readText: (path: string) => (path === LINUX_BOOT_ID_PATH ? bootId : null),
  now: () => 1_000_000_000,
  uptimeSeconds: () => 1000,
});

describe('readBootMark', () => {
  it('uses the kernel boot id on Linux', () => {
    expect(readBootMark(deps('linux', 'abc-123\n'))).toEqual({ kind: 'boot_id', value: 'abc-123' });
  });

  it('falls back to the boot time on Linux without /proc, and uses it on macOS and Windows', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(readBootMark(deps(platform, platform === 'linux' ? null : 'ignored'))).toEqual({
        kind: 'boot_time',
        epochMs: 999_000_000,
      });
  });
});

describe('sameBoot', () => {
  it('compares boot ids exactly and boot times within a tolerance', () => {
    expect(sameBoot({ kind: 'boot_id', value: 'a' }, { kind: 'boot_id', value: 'a' })).toBe(true);
    expect(sameBoot({ kind: 'boot_id', value: 'a' }, { kind: 'boot_id', value: 'b' })).toBe(false);
    expect(sameBoot({ kind: 'boot_time', epochMs: 0 }, { kind: 'boot_time', epochMs: 90_000 })).toBe(true);
    expect(sameBoot({ kind: 'boot_time', epochMs: 0 }, { kind: 'boot_time', epochMs: 600_000 })).toBe(false);
  });

  it('is unsure, so false, when the kinds differ', () => {
    expect(sameBoot({ kind: 'boot_id', value: 'a' }, { kind: 'boot_time', epochMs: 0 })).toBe(false);
  });
});
