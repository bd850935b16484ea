import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';

export const SIZES = {
  compact: { width: 360, height: 560 },
  full: { width: 1200, height: 800 },
} as const;

export const SCHEMES = ['light', 'dark'] as const;

export const SCREENSHOT_DIR = join('test-results', 'screenshots');

interface Measured {
  tagName: string;
  className: string;
  getBoundingClientRect(): { right: number };
}

/** Elements whose right edge passes the viewport (none of ours scroll sideways except inside log lists). */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      innerWidth: number;
      document: { querySelectorAll(selector: string): Iterable<Measured & { closest(s: string): unknown }> };
    };
    return [...scope.document.querySelectorAll('body *')]
      .filter((el) => el.closest('.log-scroll, .table-wrap') === null)
      .filter((el) => el.getBoundingClientRect().right > scope.innerWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className)}`);
  });
}

/** One screenshot per size and colour scheme, named `<name>-<size>-<scheme>.png`, under test-results/. */
export async function shootAllWays(page: Page, name: string, before?: () => Promise<void>): Promise<void> {
  for (const [size, viewport] of Object.entries(SIZES)) {
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      await before?.();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size}-${colorScheme}.png`) });
      // Nothing may stick out sideways: the view must work at this width, not just render.
      expect(await horizontalOverflow(page), `${name} at ${size} overflows sideways`).toEqual([]);
    }
  }
}
