import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/helpers/chromium-launch.js';

// End-to-end tests drive Debian's Chromium (no `playwright install`: nothing may be downloaded here)
// against the real headless host, agent and control plane, each started by the tests on loopback.
export default defineConfig({
  testDir: 'tests/e2e',
  // A stray `test.only` would run one spec and pass: refused wherever the run happens, CI or not.
  forbidOnly: true,
  outputDir: 'test-results/e2e',
  // Every spec starts real processes; on two cores they run one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
});
