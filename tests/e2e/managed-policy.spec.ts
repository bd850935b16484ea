import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHeadlessHostProcess, type HeadlessHostProcess } from '../helpers/headless-host-process.js';
import { hostApiClient, openHostSocket } from '../helpers/host-api-socket.js';

// The headless host started as an IT admin's management tool would leave it: PLANASONIX_POLICY_FILE
// names a policy that locks the control plane address and says who manages the machine.
test.describe.configure({ mode: 'serial' });

const LOCKED_API_HOST = 'https://planasonix.acme.example';
let policyDir = '';
let host: HeadlessHostProcess;
let page: Page;

test.beforeAll(async ({ browser }) => {
  policyDir = await mkdtemp(join(tmpdir(), 'policy-e2e-'));
  const policyFile = join(policyDir, 'policy.json');
  await writeFile(
    policyFile,
    JSON.stringify({
      ApiHost: LOCKED_API_HOST,
      OrganizationName: 'Acme IT',
      SupportUrl: 'https://help.acme.example/agent',
      ColourScheme: 'dark',
    }),
  );
  host = await startHeadlessHostProcess({ env: { PLANASONIX_POLICY_FILE: policyFile } });
  page = await browser.newPage();
  await page.goto(host.url);
});

test.afterAll(async () => {
  await page.close();
  await host.stop();
  await rm(policyDir, { recursive: true, force: true });
});

test('Settings shows "Managed by …" and the control plane address locked by the organization', async () => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText('Managed by Acme IT')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Get help' })).toHaveAttribute(
    'href',
    'https://help.acme.example/agent',
  );
  const apiHostRow = page.locator('.details-row', { hasText: 'API host' });
  await expect(apiHostRow).toContainText(LOCKED_API_HOST);
  await expect(apiHostRow).toContainText('Set by your organization');
});

test('the host API refuses enrolling with another control plane, naming the policy', async () => {
  const opened = await openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
    Origin: `http://127.0.0.1:${host.port}`,
  });
  if (!('socket' in opened)) throw new Error(`host refused the socket: ${opened.refusedWith}`);
  try {
    const client = hostApiClient(opened.socket);
    await expect(
      client.enroll({ apiHost: 'https://elsewhere.example', token: `plnx_enroll_${'A'.repeat(43)}` }),
    ).rejects.toMatchObject({
      code: 'policy_locked',
      message: `the control plane address is set by your organization (policy ApiHost): use ${LOCKED_API_HOST}`,
    });
    // The unknown key was skipped with a warning, and each value says where it came from.
    const { policy } = await client.snapshot();
    expect(policy.sources.ApiHost).toBe(join(policyDir, 'policy.json'));
    expect(policy.warnings).toEqual([
      `unknown policy key "ColourScheme" in ${join(policyDir, 'policy.json')}: skipped`,
    ]);
  } finally {
    opened.socket.close();
  }
});
