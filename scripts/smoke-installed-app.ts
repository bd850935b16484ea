// Release smoke test: starts an installed copy of the desktop app (the .deb's binary under
// /opt/Planasonix Agent, run under xvfb in the release workflow) with a fresh data folder, and checks
// that its window loads the UI from app:// and shows the not-enrolled status. Exits 0 when it does.
//
//   npx tsx scripts/smoke-installed-app.ts "/opt/Planasonix Agent/planasonix-agent"
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';

const executablePath = process.argv[2];
if (executablePath === undefined) {
  console.error('usage: smoke-installed-app.ts EXECUTABLE');
  process.exit(2);
}
const env: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
env.PLANASONIX_DATA_DIR = mkdtempSync(join(tmpdir(), 'planasonix-smoke-data-'));
env.PLANASONIX_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'planasonix-smoke-config-'));

const app = await electron.launch({ executablePath, args: [], env, timeout: 60_000 });
try {
  const window = await app.firstWindow({ timeout: 60_000 });
  await window.getByText('Not enrolled', { exact: true }).waitFor({ timeout: 60_000 });
  const url = window.url();
  if (!url.startsWith('app://renderer/')) throw new Error(`the window shows ${url}, not the app's own UI`);
  const packaged = await app.evaluate(({ app: electronApp }) => electronApp.isPackaged);
  if (!packaged) throw new Error('the app does not run as an installed (packaged) app');
  console.log(`smoke: ${executablePath} showed its window (${url}), not enrolled yet`);
} finally {
  await app.close();
}
