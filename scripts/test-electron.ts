// `npm run test:electron`: the desktop app itself, in Electron, driven by Playwright's Electron
// support (tests/electron/). Where Electron cannot start (our build machines: its binary comes from
// GitHub) it prints one line saying why and exits 0, unless PLANASONIX_REQUIRE_ELECTRON=1 (CI, where
// a missing binary must fail rather than pass quietly). Whether Electron can start is read from files
// and the environment only (scripts/start-electron-check.ts), never by require('electron'), which
// would try to download the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultOutDir, defaultSourceDir, generateIcons } from '../build/icons/generate.js';
import { buildDesktop } from './build-desktop.js';
import { checkElectron } from './start-electron-check.js';
import type { ElectronCheck } from './start-electron-check.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Set by the test run for the specs: the Electron binary to launch. */
export const ELECTRON_BINARY_ENV = 'PLANASONIX_ELECTRON_BINARY';

export type ElectronTestPlan = { run: true; binary: string } | { run: false; line: string; exitCode: 0 | 1 };

export function electronTestPlan(
  check: ElectronCheck,
  env: Readonly<Record<string, string | undefined>>,
): ElectronTestPlan {
  if (check.ok) return { run: true, binary: check.binary };
  if (env.PLANASONIX_REQUIRE_ELECTRON === '1') {
    return { run: false, line: `test:electron: Electron cannot start here: ${check.reason}`, exitCode: 1 };
  }
  return {
    run: false,
    line: `test:electron: skipped, Electron cannot start here: ${check.reason}`,
    exitCode: 0,
  };
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, env, stdio: 'inherit' });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const plan = electronTestPlan(
    checkElectron({
      platform: process.platform,
      env: process.env,
      electronPackageDir: join(repoRoot, 'node_modules/electron'),
      readText: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : null),
      isFile: (path) => existsSync(path) && statSync(path).isFile(),
    }),
    process.env,
  );
  if (!plan.run) {
    console.log(plan.line);
    return plan.exitCode;
  }
  // The app as `npm run build:desktop`, `build:renderer` and `icons` make it.
  await buildDesktop();
  await generateIcons(defaultSourceDir, defaultOutDir);
  const vite = run([join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
  if (vite !== 0) return vite;
  return run(
    [join(repoRoot, 'node_modules/@playwright/test/cli.js'), 'test', '-c', 'playwright.electron.config.ts'],
    { ...process.env, [ELECTRON_BINARY_ENV]: plan.binary },
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
