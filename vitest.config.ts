import { defineConfig } from 'vitest/config';

// Unit tests sit beside their code (src-*/**/*.test.ts); integration tests under tests/integration
// start real processes, sockets and database files, so they get longer timeouts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src-shared/**/*.test.ts',
            'src-control-plane/**/*.test.ts',
            'src-agent/**/*.test.ts',
            'src-main/**/*.test.ts',
            'build/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
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
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
