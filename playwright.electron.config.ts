import { defineConfig } from '@playwright/test';

// The desktop app in real Electron (tests/electron), run by `npm run test:electron` where Electron
// can start: the CI matrix on Linux (under xvfb-run), Windows and macOS. Each spec starts its own
// control plane and app with a fresh data folder; they run one at a time.
export default defineConfig({
  testDir: 'tests/electron',
  // A stray `test.only` would run one spec and pass: refused, CI variable or not.
  forbidOnly: true,
  outputDir: 'test-results/electron',
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
});
