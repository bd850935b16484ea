// `npm run build:desktop`: bundles the desktop app's three Node entry points with esbuild, the way
// electron-builder packages them (electron-builder.yml `files`):
//   dist/main/index.js     Electron main process (ESM; electron stays external, it is the runtime)
//   dist/preload/index.cjs the sandboxed preload (CommonJS: sandboxed preloads cannot be ESM)
//   dist/agent/main.js     the agent worker, started as a utilityProcess
// The renderer (dist/renderer) is Vite's (`npm run build:renderer`), the icons `npm run icons`.
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { nodeBundleOptions } from './node-bundle.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Electron 45 runs Node 22 in its main and utility processes, and Chromium 140 in the renderer. */
const NODE_TARGET = 'node22';

export interface DesktopBundle {
  name: 'main' | 'preload' | 'agent';
  outfile: string;
  bytes: number;
}

type Bundle = BuildOptions & { name: DesktopBundle['name']; outfile: string };

const common: BuildOptions = {
  bundle: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron'],
};

/** Main process and worker: ESM for Electron's Node, like the sources; electron stays external. */
function nodeBundle(name: DesktopBundle['name'], entry: string, outfile: string): Bundle {
  return { ...nodeBundleOptions(join(repoRoot, entry), outfile, NODE_TARGET), external: ['electron'], name };
}

function bundles(outDir: string): Bundle[] {
  return [
    nodeBundle('main', 'src-main/electron/main.ts', join(outDir, 'main/index.js')),
    {
      ...common,
      name: 'preload',
      entryPoints: [join(repoRoot, 'src-main/electron/preload.ts')],
      outfile: join(outDir, 'preload/index.cjs'),
      // A sandboxed preload gets a browser-like context whose require() knows only electron.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome140',
      // Parsed on every window load; half the size minified (it carries the host API schemas).
      minify: true,
    },
    nodeBundle('agent', 'src-agent/cli/main.ts', join(outDir, 'agent/main.js')),
  ];
}

/** Builds all three bundles into outDir (default dist/); returns each file and its size. */
export async function buildDesktop(outDir = join(repoRoot, 'dist')): Promise<DesktopBundle[]> {
  const built: DesktopBundle[] = [];
  for (const { name, ...options } of bundles(outDir)) {
    await build(options);
    built.push({ name, outfile: options.outfile, bytes: (await stat(options.outfile)).size });
  }
  return built;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const built = await buildDesktop();
  const ms = Math.round(performance.now() - started);
  for (const bundle of built) {
    console.log(
      `${bundle.name.padEnd(8)} ${relative(repoRoot, bundle.outfile)} (${Math.round(bundle.bytes / 1024)} KiB)`,
    );
  }
  console.log(`build:desktop: ${built.length} bundles in ${ms} ms`);
}
