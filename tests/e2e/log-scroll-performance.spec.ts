import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { connectedSnapshot } from '../helpers/host-snapshot.js';

/**
 * The renderer alone in Chromium, behind a stub of the Electron preload bridge (`window.planasonixHost`):
 * 100,000 log lines arrive as live events, then the log is scrolled end to end while every frame is
 * timed. A real host would take hours to write that many lines; the point here is the renderer's cost.
 */
const ORIGIN = 'http://renderer.test';
const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/** What the scroll loop touches of the list element (the tests compile without the DOM library). */
interface ScrollBox {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

test('100,000 log lines scroll with only the visible rows in the DOM', async ({ page }) => {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = normalize(new URL(route.request().url()).pathname).replace(/^\/+/, '') || 'index.html';
    const body = await readFile(join(RENDERER_DIR, path)).catch(() => null);
    await (body === null
      ? route.fulfill({ status: 404, body: 'not found' })
      : route.fulfill({
          status: 200,
          body,
          contentType: TYPES[extname(path)] ?? 'application/octet-stream',
        }));
  });
  await page.addInitScript(
    (snapshot) => {
      const listeners = new Set<(message: unknown) => void>();
      const now = Date.now();
      const results: Record<string, unknown> = {
        snapshot,
        metricHistory: { samples: [] },
        logs: { lines: [], olderCursor: null, newerCursor: null },
      };
      Object.assign(globalThis, {
        planasonixHost: {
          request: (request: { id: number; method: string }) =>
            Promise.resolve({ id: request.id, ok: true, result: results[request.method] ?? {} }),
          onEvent: (listener: (message: unknown) => void) => {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        },
        pushLogBatches: (batches: number, size: number) => {
          const levels = ['debug', 'info', 'info', 'warn', 'error'];
          for (let b = 0; b < batches; b++) {
            const lines = Array.from({ length: size }, (_, i) => {
              const n = b * size + i;
              return {
                cursor: `c${n}`,
                time: now + n,
                level: levels[n % 5],
                msg: `step ${n}: copied ${n * 7} rows from orders_${n % 13}`,
              };
            });
            for (const listener of listeners)
              listener({ event: 'logLines', payload: { source: 'agent', jobId: null, lines } });
          }
        },
      });
    },
    connectedSnapshot({ worker: null }),
  );
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(`${ORIGIN}/index.html`);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Logs' }).click();
  await expect(page.getByText('This log is empty so far.')).toBeVisible();

  const fillMs = await page.evaluate(() => {
    const started = performance.now();
    (globalThis as unknown as { pushLogBatches: (b: number, s: number) => void }).pushLogBatches(100, 1000);
    return performance.now() - started;
  });
  await expect(page.getByText('100,000 lines', { exact: true })).toBeVisible();
  const list = page.getByRole('listbox', { name: 'Agent log' });
  await expect(list.getByText('step 99999:', { exact: false })).toBeVisible();

  // Scroll from the bottom to the top in 200 steps, one per frame, timing each frame.
  const frames = await list.evaluate(async (element: ScrollBox) => {
    const { requestAnimationFrame } = globalThis as unknown as {
      requestAnimationFrame: (run: () => void) => number;
    };
    const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
    const durations: number[] = [];
    const step = element.scrollHeight / 200;
    let last = performance.now();
    for (let i = 0; i < 200; i++) {
      element.scrollTop = element.scrollHeight - element.clientHeight - step * (i + 1);
      await nextFrame();
      const t = performance.now();
      durations.push(t - last);
      last = t;
    }
    return durations;
  });
  const rows = await list.getByRole('option').count();
  await expect(list.getByText('step 0:', { exact: false })).toBeVisible();

  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `100,000 lines: live append of 100 batches ${fillMs.toFixed(0)} ms; scroll frames median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; ${rows} rows in the DOM`,
  );
  expect(rows).toBeLessThan(120);
});
