import { fileURLToPath } from 'node:url';

export interface HostLayout {
  /** How to start the worker: its entry module and Node flags (tsx for the sources). */
  worker: { modulePath: string; execArgv: string[] };
  /** The built web UI the loopback server serves. */
  rendererDir: string;
}

/**
 * Where the worker and the web UI are, seen from the host's own entry module (`entryUrl`, its
 * import.meta.url). Bundled (`npm run build:host`), everything sits beside it in dist/host/:
 * main.js, agent.js, renderer/, and nothing else is needed at run time. From the sources (tsx:
 * tests, development), the worker is src-agent's entry and the UI Vite's dist/renderer/.
 * PLANASONIX_WORKER_ENTRY and PLANASONIX_RENDERER_DIR override either (tests use stand-ins).
 */
export function hostLayout(entryUrl: string, env: NodeJS.ProcessEnv): HostLayout {
  const fromSources = entryUrl.endsWith('.ts');
  const at = (relative: string) => fileURLToPath(new URL(relative, entryUrl));
  const modulePath =
    env.PLANASONIX_WORKER_ENTRY ?? at(fromSources ? '../../src-agent/cli/main.ts' : './agent.js');
  return {
    worker: { modulePath, execArgv: modulePath.endsWith('.ts') ? ['--import', 'tsx'] : [] },
    rendererDir: env.PLANASONIX_RENDERER_DIR ?? at(fromSources ? '../../dist/renderer' : './renderer'),
  };
}
