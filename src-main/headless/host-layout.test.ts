import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostLayout } from './host-layout.js';

// An absolute path of this OS (a drive letter on Windows), as the host would see it.
const root = join(tmpdir(), 'planasonix');
const url = (...parts: string[]) => pathToFileURL(join(root, ...parts)).href;

describe('hostLayout', () => {
  it('from the bundle, finds the worker and the web UI beside the entry, run by plain Node', () => {
    expect(hostLayout(url('dist', 'host', 'main.js'), {})).toEqual({
      worker: { modulePath: join(root, 'dist', 'host', 'agent.js'), execArgv: [] },
      rendererDir: join(root, 'dist', 'host', 'renderer'),
    });
  });

  it('from the sources, runs the agent sources under tsx and serves Vite’s dist/renderer', () => {
    expect(hostLayout(url('src-main', 'headless', 'run-headless-host.ts'), {})).toEqual({
      worker: { modulePath: join(root, 'src-agent', 'cli', 'main.ts'), execArgv: ['--import', 'tsx'] },
      rendererDir: join(root, 'dist', 'renderer'),
    });
  });

  it('takes the worker and UI folder from the environment when set (a .mjs stand-in runs without tsx)', () => {
    const env = { PLANASONIX_WORKER_ENTRY: join(root, 'worker.mjs'), PLANASONIX_RENDERER_DIR: root };
    expect(hostLayout(url('src-main', 'headless', 'run-headless-host.ts'), env)).toEqual({
      worker: { modulePath: join(root, 'worker.mjs'), execArgv: [] },
      rendererDir: root,
    });
  });
});
