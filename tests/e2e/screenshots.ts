import type { Page } from '@playwright/test';
import { join } from 'node:path';

export const SIZES = {
  compact: { width: 360, height: 560 },
  full: { width: 1200, height: 800 },
} as const;

export const SCHEMES = ['light', 'dark'] as const;

export const SCREENSHOT_DIR = join('test-results', 'screenshots');

/** One screenshot per size and colour scheme, named `<name>-<size>-<scheme>.png`, under test-results/. */
export async function shootAllWays(page: Page, name: string, before?: () => Promise<void>): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await before?.();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size}-${colorScheme}.png`) });
    }
  }
}
