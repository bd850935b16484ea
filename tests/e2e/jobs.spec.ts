import { expect, test, type ConsoleMessage, type Locator, type Page } from '@playwright/test';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../helpers/control-plane-for-agents.js';
import { getJob, submitJob, waitForJob } from '../helpers/real-agent-jobs.js';
import { startHeadlessHostProcess, type HeadlessHostProcess } from '../helpers/headless-host-process.js';
import { shootAllWays, SIZES } from './screenshots.js';

/**
 * Jobs seen from the UI: a host enrolled through the UI, jobs submitted through the REST API, and the
 * Jobs view following them. The stack is this file's own (not the shared fixture): the host-API spec
 * ends with its agent revoked, and these tests need an enrolled host that has run nothing yet.
 */
test.describe.configure({ mode: 'serial' });

let plane: ControlPlaneForAgents;
let host: HeadlessHostProcess;
let page: Page;
let agentId = '';
const consoleErrors: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
  host = await startHeadlessHostProcess();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && /Refused to|Failed to load/.test(message.text())) {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(host.url);
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  await plane?.cp.stop();
});

const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });
const jobRow = (name: string) => page.getByRole('row').filter({ has: page.getByRole('button', { name }) });

interface Rect {
  top: number;
  bottom: number;
}
interface ListElement {
  getBoundingClientRect(): Rect;
  querySelectorAll(selector: string): Iterable<{
    textContent: string | null;
    getAttribute(name: string): string | null;
    getBoundingClientRect(): Rect;
  }>;
}

/**
 * The count of the last line the log holds (its `count N`, NaN for another line), whether that line is rendered (the list is
 * virtualized: only rows near the view are in the DOM) and whether it lies inside the list's box.
 */
async function newestShown(log: Locator): Promise<{ newest: number; inView: boolean }> {
  return log.evaluate((element: ListElement) => {
    const options = [...element.querySelectorAll('[role="option"]')];
    const last = options.find((o) => o.getAttribute('aria-posinset') === o.getAttribute('aria-setsize'));
    if (last === undefined) return { newest: Number.NaN, inView: false };
    const box = element.getBoundingClientRect();
    const row = last.getBoundingClientRect();
    const newest = Number(/count (\d+)/.exec(last.textContent ?? '')?.[1] ?? Number.NaN);
    return { newest, inView: row.top >= box.top - 0.5 && row.bottom <= box.bottom + 0.5 };
  });
}

test('enrolled through the UI with a pasted link, the host connects', async () => {
  const registered = await plane.register('e2e-jobs');
  agentId = registered.id;
  await nav('Enroll').click();
  await page
    .getByLabel('Enrollment token or link')
    .fill(`planasonix://enroll?host=${encodeURIComponent(plane.cp.url)}&token=${registered.token}`);
  await expect(page.getByLabel('API host')).toHaveValue(plane.cp.url);
  await page.getByRole('button', { name: 'Check and enroll' }).click();
  await expect(page.getByText('Enrolled', { exact: true })).toBeVisible({ timeout: 20_000 });
  await nav('Status').click();
  await expect(page.locator('.headline-title')).toHaveText('Connected', { timeout: 15_000 });
  await nav('Jobs').click();
  await expect(page.getByText(/No jobs yet/)).toBeVisible();
});

test('a job submitted through the REST API runs, its log follows, and a confirmed cancel stops it', async () => {
  // 100 numbered lines a fifth of a second apart: about 20 s, far longer than the test needs to cancel.
  const job = await submitJob(
    plane,
    agentId,
    [{ name: 'count', run: 'i=1; while [ $i -le 100 ]; do echo "count $i"; i=$((i+1)); sleep 0.2; done' }],
    { name: 'count-slowly', cancel_grace_seconds: 1 },
  );
  const row = jobRow('count-slowly');
  await expect(row.getByText('running', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('1 of 1 slots busy')).toBeVisible();

  await row.getByRole('button', { name: 'count-slowly' }).click();
  await expect(page.getByRole('heading', { name: 'count-slowly', level: 2 })).toBeVisible();
  const log = page.getByRole('listbox', { name: 'Job log' });
  await expect(log.getByRole('option').first()).toContainText('count 1', { timeout: 15_000 });
  await expect(page.getByRole('checkbox', { name: 'Follow' })).toBeChecked();

  // Following: as lines keep arriving, the newest one is the one in view.
  const first = await newestShown(log);
  await expect
    .poll(async () => (await newestShown(log)).newest, { timeout: 10_000 })
    .toBeGreaterThan(first.newest + 4);
  // Enough lines to scroll at either size, so "in view" means the list really followed.
  await expect.poll(async () => (await newestShown(log)).newest, { timeout: 15_000 }).toBeGreaterThan(30);
  expect((await newestShown(log)).inView).toBe(true);
  await shootAllWays(page, 'jobs-running-log');
  await page.setViewportSize({ width: 1200, height: 800 });
  const followed = await newestShown(log);
  expect(followed.inView).toBe(true);
  expect(followed.newest).toBeGreaterThan(first.newest);

  const logTopRunning = (await log.boundingBox())?.y;
  await page.getByRole('button', { name: 'Cancel job…' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Cancel count-slowly?');
  await confirm.getByRole('button', { name: 'Cancel the job' }).click();
  await expect(row.getByText('cancelled', { exact: true })).toBeVisible({ timeout: 15_000 });
  expect((await waitForJob(plane, job.id)).status).toBe('cancelled');
  expect((await getJob(plane, job.id)).status).toBe('cancelled');
  // Cancelled well before its last line, nothing is offered to cancel any more, and the slot is free.
  await expect(page.getByText('0 of 1 slots busy')).toBeVisible();
  // The step's end line arrives with the result: the list scrolls to it.
  await expect.poll(async () => (await newestShown(log)).inView).toBe(true);
  await expect(log).not.toContainText('count 100');
  await expect(page.getByRole('button', { name: 'Cancel job…' })).toHaveCount(0);
  // The job ending takes the cancel button away without moving the log under it.
  expect((await log.boundingBox())?.y).toBe(logTopRunning);
  // With no line left to come, a shorter window still shows the newest line: following keeps up
  // with the list's box shrinking, not only with lines arriving.
  await page.setViewportSize({ width: 1200, height: 640 });
  await expect.poll(async () => (await newestShown(log)).inView).toBe(true);
  await page.setViewportSize({ width: 1200, height: 800 });
  await shootAllWays(page, 'jobs-cancelled');
});

test('a job that succeeds shows succeeded, with its log', async () => {
  await page.setViewportSize({ width: 1200, height: 800 });
  const job = await submitJob(plane, agentId, [{ name: 'hello', run: 'echo "hello from the agent"' }], {
    name: 'quick-hello',
  });
  expect((await waitForJob(plane, job.id)).status).toBe('succeeded');
  const row = jobRow('quick-hello');
  await expect(row.getByText('succeeded', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(row.locator('td').last()).toHaveText('0');
  // Newest first: the finished quick job sits above the cancelled one.
  await expect(page.locator('tbody tr').first()).toContainText('quick-hello');
  await row.getByRole('button', { name: 'quick-hello' }).click();
  await expect(page.getByRole('listbox', { name: 'Job log' })).toContainText('hello from the agent');
});

test('in the compact popover with many jobs, the table scrolls and the log stays on screen', async () => {
  await page.setViewportSize({ width: 1200, height: 800 });
  const names = ['one', 'two', 'three', 'four', 'five', 'six'].map((n) => `batch-${n}`);
  for (const name of names) {
    const job = await submitJob(plane, agentId, [{ name: 'say', run: `echo "${name} done"` }], { name });
    expect((await waitForJob(plane, job.id)).status).toBe('succeeded');
  }
  await expect(jobRow('batch-six').getByText('succeeded', { exact: true })).toBeVisible({ timeout: 15_000 });
  await page.setViewportSize(SIZES.compact);
  await jobRow('batch-six').getByRole('button', { name: 'batch-six' }).click();
  const log = page.getByRole('listbox', { name: 'Job log' });
  await expect(log).toContainText('batch-six done');
  // Eight rows would push the log below a 560 px popover; the table takes its share and scrolls.
  const main = page.locator('.app-main');
  const overflow = await main.evaluate(
    (element: { scrollHeight: number; clientHeight: number }) => element.scrollHeight - element.clientHeight,
  );
  expect(overflow).toBeLessThanOrEqual(1);
  const box = await log.boundingBox();
  expect(box).not.toBeNull();
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(SIZES.compact.height);
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(90);
  await expect(page.locator('.table-wrap')).toHaveJSProperty('scrollTop', 0);
  await shootAllWays(page, 'jobs-many-compact');
});

test('nothing was refused by the CSP, failed to load, or threw', () => {
  expect(consoleErrors).toEqual([]);
});
