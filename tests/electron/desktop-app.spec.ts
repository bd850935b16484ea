// The desktop app in real Electron, on each OS the CI matrix runs (Linux under xvfb-run with a
// D-Bus session, once with a secret service and once without): the built app (npm run
// build:desktop) with a fresh data folder, against a control plane this file starts. Nothing is
// mocked here. The tests share one host, enrolled step by step, so they run in order.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { startControlPlaneForAgents } from '../helpers/control-plane-for-agents.js';
import type { ControlPlaneForAgents } from '../helpers/control-plane-for-agents.js';
import { getJob, readPid, submitJob, waitForJob } from '../helpers/real-agent-jobs.js';
import { dataOf } from '../helpers/control-plane-client.js';
import { freshDir, freshProfile, hook, isAlive, launchDesktop, launchSecondInstance } from './desktop-app.js';
import type { Desktop, DesktopProfile } from './desktop-app.js';
import { waitUntil } from '../helpers/wait-until.js';

test.describe.configure({ mode: 'serial' });

let plane: ControlPlaneForAgents;
let profile: DesktopProfile;
let desktop: Desktop | null = null;
let agentId = '';
/** What the first run's secret store was, for the restart to find the same. */
let backend = '';

test.beforeAll(async () => {
  plane = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
  profile = freshProfile();
});

test.afterAll(async () => {
  await desktop?.app.close();
  await plane?.cp.stop();
});

const window = (): Page => {
  if (desktop === null) throw new Error('the app is not running');
  return desktop.window;
};
const tooltip = () => hook(desktop!.app, 'trayTooltip');
const nav = (name: string) =>
  window().getByRole('navigation', { name: 'Views' }).getByRole('button', { name });

async function agentStatus(id: string): Promise<string> {
  return (dataOf(await plane.api(`/api/agents/${id}`)) as { status: string }).status;
}

test('the window loads the renderer from app:// and the tray says the host is not enrolled', async () => {
  desktop = await launchDesktop(profile);
  expect(window().url()).toMatch(/^app:\/\/renderer\//);
  await expect(window().getByText('Not enrolled', { exact: true })).toBeVisible();
  await expect.poll(tooltip).toBe('Planasonix Agent: Not enrolled: paste a token to connect');
});

test('the secret store is the one this desktop has, and a weak one is said plainly', async () => {
  backend = await hook(desktop!.app, 'secretsBackend');
  const expected = process.env.PLANASONIX_EXPECT_SECRETS_BACKEND;
  if (expected !== undefined && expected !== '') expect(backend).toBe(expected);
  if (backend === 'basic_text') await expect(window().getByText(/only obfuscated/)).toBeVisible();
  if (backend === 'file') await expect(window().getByText(/kept unencrypted in files/)).toBeVisible();
});

test('a planasonix://enroll link opens the prefilled view and spends nothing until confirmed', async () => {
  const registered = await plane.register('desktop-e2e');
  agentId = registered.id;
  const link = `planasonix://enroll?host=${encodeURIComponent(plane.cp.url)}&token=${registered.token}`;
  if (process.platform === 'darwin') {
    // macOS hands a clicked link to the running app as `open-url`.
    await desktop!.app.evaluate(({ app }, url) => {
      app.emit('open-url', { preventDefault: () => undefined }, url);
    }, link);
  } else {
    // Windows and Linux start a second copy with the link; it hands it over and exits.
    expect(await launchSecondInstance(profile, link)).toBe(0);
  }
  await expect(window().getByText('Read from the link: token and API host filled in.')).toBeVisible();
  await expect(window().getByLabel('API host')).toHaveValue(plane.cp.url);
  expect(await agentStatus(agentId)).toBe('pending');
});

test('enrolling through the window reaches connected, and the tray says so', async () => {
  await window().getByRole('button', { name: 'Check and enroll' }).click();
  await expect(window().getByText('Enrolled', { exact: true })).toBeVisible({ timeout: 30_000 });
  await window().getByRole('button', { name: 'Show status' }).click();
  await expect(window().locator('.headline-title')).toHaveText('Connected', { timeout: 30_000 });
  await expect.poll(tooltip, { timeout: 30_000 }).toBe('Planasonix Agent: Connected, idle');
  expect(await agentStatus(agentId)).toBe('active');
});

test('pause for an hour and resume from the tray menu’s own handlers', async () => {
  await hook(desktop!.app, 'clickTrayItem', 'Pause for 1 Hour');
  await expect.poll(tooltip).toMatch(/^Planasonix Agent: Paused until \d\d:\d\d$/);
  await hook(desktop!.app, 'clickTrayItem', 'Resume');
  await expect.poll(tooltip).toBe('Planasonix Agent: Connected, idle');
  await nav('Status').click();
});

test('quitting with a running job drains it, reports it, and leaves no process behind', async () => {
  const pidFile = join(freshDir('job'), 'pid').replace(/\\/g, '/');
  // node runs the same under sh and PowerShell: it records its pid, then works for 4 s.
  const run = `node -e "require('fs').writeFileSync('${pidFile}', String(process.pid)); setTimeout(function () {}, 4000)"`;
  const job = await submitJob(plane, agentId, [{ name: 'work', run }]);
  await waitForJob(plane, job.id, ['running'], 30_000);
  await expect.poll(tooltip).toMatch(/^Planasonix Agent: Busy: 1 of \d+ job slots in use$/);
  const workerPid = await hook(desktop!.app, 'workerPid');
  const jobPid = await waitUntil(() => readPid(pidFile), {
    message: 'the job step’s pid',
    timeoutMs: 15_000,
  });
  const closed = desktop!.app.waitForEvent('close', { timeout: 120_000 });
  await desktop!.app.evaluate(({ app }) => app.quit());
  await closed;
  desktop = null;
  // Drained: the job finished on its own before the worker stopped, and the control plane knows.
  expect((await getJob(plane, job.id)).status).toBe('succeeded');
  expect(workerPid).not.toBeNull();
  await expect.poll(() => [isAlive(workerPid!), isAlive(jobPid)]).toEqual([false, false]);
});

test('a restart finds the enrollment again: the secret store round-trips', async () => {
  desktop = await launchDesktop(profile);
  await expect.poll(tooltip, { timeout: 30_000 }).toBe('Planasonix Agent: Connected, idle');
  expect(await hook(desktop.app, 'secretsBackend')).toBe(backend);
  await expect(window().locator('.headline-title')).toHaveText('Connected');
  expect(await agentStatus(agentId)).toBe('active');
});

test('start at login follows the tray checkbox, including its shown state', async () => {
  const item = async () =>
    (await hook(desktop!.app, 'trayMenu')).find((entry) => entry.label === 'Start at Login')?.checked;
  const before = await item();
  await hook(desktop!.app, 'clickTrayItem', 'Start at Login');
  await expect.poll(item).toBe(!before);
  // Leave the runner as it was.
  await hook(desktop!.app, 'clickTrayItem', 'Start at Login');
  await expect.poll(item).toBe(before);
});
