import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from './agent-stack.js';
import { shootAllWays } from './screenshots.js';

// One host, enrolled step by step: the tests share its state, so they run in order.
test.describe.configure({ mode: 'serial' });

let page: Page;
const consoleErrors: string[] = [];
let agentId = '';

test.beforeAll(async ({ browser, stack }) => {
  page = await browser.newPage();
  // Violations of our CSP and uncaught script errors; not the host's own header warnings.
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' && /Refused to|Failed to load/.test(message.text())) {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(stack.host.url);
});

test.afterAll(async () => {
  await page.close();
});

const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name });

async function enrollWith(token: string, apiHost: string) {
  await nav('Enroll').click();
  await page.getByLabel('Enrollment token or link').fill(token);
  await page.getByLabel('API host').fill(apiHost);
  await page.getByRole('button', { name: 'Check and enroll' }).click();
}

test('a wrong token gets the plain-words error with its fix', async ({ stack }) => {
  await expect(page.getByText('Not enrolled', { exact: true })).toBeVisible();
  await shootAllWays(page, 'status-not-enrolled');
  await enrollWith(`plnx_enroll_${'A'.repeat(43)}`, stack.cp.cp.url);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The control plane does not know this token');
  await expect(alert).toContainText('Fix: Check that you pasted the whole token');
  // The preflight ran (and passed) before the token was tried.
  await expect(page.getByRole('list', { name: 'Checks before the token is spent' })).toContainText(
    'Control plane answerspassed',
  );
  await shootAllWays(page, 'enroll-wrong-token');
});

test('a pasted enrollment link fills both fields and the host is connected within seconds', async ({
  stack,
}, info) => {
  const registered = await stack.cp.register('e2e-host');
  agentId = registered.id;
  const link = `planasonix://enroll?host=${encodeURIComponent(stack.cp.cp.url)}&token=${registered.token}`;
  await nav('Enroll').click();
  await page.getByLabel('Enrollment token or link').fill(link);
  // Both fields, each with its own part of the link.
  await expect(page.getByLabel('Enrollment token or link')).toHaveValue(registered.token);
  await expect(page.getByLabel('API host')).toHaveValue(stack.cp.cp.url);
  await page.getByLabel('Label (optional)').fill('e2e-host');
  await page.getByRole('button', { name: 'Check and enroll' }).click();
  const started = Date.now();
  await expect(page.getByText('Enrolled', { exact: true })).toBeVisible();
  await expect(page.getByText(registered.id)).toBeVisible();
  await page.getByRole('button', { name: 'Show status' }).click();
  await expect(page.locator('.headline-title')).toHaveText('Connected', { timeout: 15_000 });
  const seconds = (Date.now() - started) / 1000;
  info.annotations.push({ type: 'enroll-to-connected-seconds', description: seconds.toFixed(1) });
  console.log(`enroll → connected shown in ${seconds.toFixed(1)} s`);
  expect(seconds).toBeLessThan(15);
  await expect(page.getByText('e2e-host')).toBeVisible();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

test('live updates do not move the status layout, and keyboard focus is visible', async () => {
  await page.setViewportSize({ width: 1200, height: 800 });
  await nav('Status').click();
  const parts = ['.headline', '.plots', '.details'].map((selector) => page.locator(selector));
  const boxes = async () => Promise.all(parts.map(async (part) => (await part.boundingBox()) as Box));
  const before = await boxes();
  // Heartbeats every second push new snapshots and samples; several arrive in this wait.
  await page.waitForTimeout(3_500);
  expect(await boxes()).toEqual(before);

  await page.keyboard.press('Escape');
  await nav('Status').focus();
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const focused = (globalThis as unknown as { document: { activeElement: unknown } }).document
      .activeElement;
    const style = (
      globalThis as unknown as {
        getComputedStyle: (e: unknown) => { outlineStyle: string; outlineWidth: string };
      }
    ).getComputedStyle(focused);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  expect(outline).toBe('solid 2px');
});

test('every view, connected, at both sizes in light and dark', async () => {
  // A few heartbeats put points on the plots.
  await expect(page.getByRole('img', { name: /CPU: \d+ % now/ })).toBeVisible({ timeout: 20_000 });
  await shootAllWays(page, 'status-connected');
  await nav('Enroll').click();
  await shootAllWays(page, 'enroll-enrolled');
  await nav('Jobs').click();
  await expect(page.getByText(/No jobs yet/)).toBeVisible();
  await shootAllWays(page, 'jobs-empty');
  await nav('Logs').click();
  await expect(page.getByRole('listbox', { name: 'Agent log' }).getByRole('option').first()).toBeVisible();
  await shootAllWays(page, 'logs-agent');
  await page.getByRole('button', { name: 'Host log' }).click();
  const log = page.getByRole('listbox', { name: 'Host log' });
  await page.getByLabel('Search').fill('enrolled');
  await expect(log.locator('mark').first()).toHaveText('enrolled');
  await shootAllWays(page, 'logs-host-search');
  await page.getByLabel('Search').fill('');
  await nav('Settings').click();
  await expect(page.getByLabel('Proxy')).toBeVisible();
  await shootAllWays(page, 'settings');
  await page.getByRole('button', { name: 'Preview what leaves this machine' }).click();
  await expect(page.getByText(/files, .* in all; \d+ secrets? redacted\./)).toBeVisible();
  await page.locator('.diag-list summary').first().click();
  const diagnostics = page.getByRole('heading', { name: 'Diagnostics' });
  await shootAllWays(page, 'settings-diagnostics', () =>
    diagnostics.evaluate((heading: { scrollIntoView(options: { block: 'start' }): void }) =>
      heading.scrollIntoView({ block: 'start' }),
    ),
  );
});

test('revoking through the REST API shows revoked and how to re-enroll', async ({ stack }) => {
  await nav('Status').click();
  const revoked = await stack.cp.api(`/api/agents/revoke/${agentId}`, {
    method: 'POST',
    body: { reason: 'e2e' },
  });
  expect(revoked.status).toBe(200);
  await expect(page.locator('.headline-title')).toHaveText('Access revoked', { timeout: 15_000 });
  await expect(page.getByText(/ask your admin to enable the agent again/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enroll again' })).toBeVisible();
  await shootAllWays(page, 'status-revoked');
  await page.getByRole('button', { name: 'Enroll again' }).click();
  await expect(page.getByRole('heading', { name: 'Enroll this host' })).toBeVisible();
  await expect(page.getByLabel('API host')).toHaveValue(stack.cp.cp.url);
});

test('nothing was refused by the CSP, failed to load, or threw', () => {
  expect(consoleErrors).toEqual([]);
});
