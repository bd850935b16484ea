import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { z } from 'zod';

/**
 * Which boot of the machine a pid belongs to. Crash recovery kills the process group a journal
 * names; after a reboot that number may belong to anything, so it is only signalled when the boot is
 * the same. Linux has a boot id; elsewhere the boot time (now minus uptime) stands in for it.
 */
export const BootMark = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('boot_id'), value: z.string().min(1) }),
  z.object({ kind: z.literal('boot_time'), epochMs: z.number() }),
]);
export type BootMark = z.infer<typeof BootMark>;

export interface BootMarkDeps {
  platform: NodeJS.Platform;
  /** File text, or null when it cannot be read. */
  readText(path: string): string | null;
  now(): number;
  uptimeSeconds(): number;
}

export const LINUX_BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';

/** Two readings of the boot time drift by rounding and clock steps; a reboot moves it by far more. */
const BOOT_TIME_TOLERANCE_MS = 120_000;

export function readBootMark(deps: BootMarkDeps): BootMark {
  if (deps.platform === 'linux') {
    const id = deps.readText(LINUX_BOOT_ID_PATH)?.trim();
    if (id) return { kind: 'boot_id', value: id };
  }
  return { kind: 'boot_time', epochMs: Math.round(deps.now() - deps.uptimeSeconds() * 1000) };
}

/** True only when both marks surely name the same boot; anything unsure is false (nothing killed). */
export function sameBoot(a: BootMark, b: BootMark): boolean {
  if (a.kind === 'boot_id' && b.kind === 'boot_id') return a.value === b.value;
  if (a.kind === 'boot_time' && b.kind === 'boot_time')
    return Math.abs(a.epochMs - b.epochMs) < BOOT_TIME_TOLERANCE_MS;
  return false;
}

/** This machine's boot mark, read the way `readBootMark` documents. */
export function systemBootMark(): BootMark {
  return readBootMark({
    platform: process.platform,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    now: () => Date.now(),
    uptimeSeconds: uptime,
  });
}
