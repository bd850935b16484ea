// `npm run build:host`: the headless host as a folder that runs on plain Node with nothing else,
// dist/host/ (what `npm run host` and the systemd unit in resources/systemd run):
//   main.js      the host (src-main/headless), one ESM bundle
//   agent.js     the agent worker (src-agent/cli), which the host starts beside itself
//   renderer/    the web UI (Vite's build of src-renderer)
//   package.json marks the folder's .js files as ESM wherever the folder is copied
//   build-info.json  the version and build time, written last: a build cut short has none
// `--if-stale` builds only when a source is newer than the last build (`npm run host` uses it, so a
// fresh clone and a changed checkout both get a current host, with progress on stderr).
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The oldest Node the host supports (package.json engines). */
const NODE_TARGET = 'node20';
/** What the bundle is built from: a newer file here makes it stale. */
const SOURCES = [
  'src-main',
  'src-agent',
  'src-shared',
  'src-node',
  'src-renderer',
  'package.json',
  'vite.config.ts',
];

const BUILD_INFO = 'build-info.json';

export interface HostBuild {
  outDir: string;
  files: { path: string; bytes: number }[];
}

function progress(line: string): void {
  process.stderr.write(`build:host: ${line}\n`);
}

/** The host and the agent worker as two ESM bundles in outDir (esbuild: a second or two). */
export async function bundleHostPrograms(outDir: string): Promise<void> {
  const [{ build }, { nodeBundleOptions }] = await Promise.all([
    import('esbuild'),
    import('./node-bundle.js'),
  ]);
  await mkdir(outDir, { recursive: true });
  for (const [entry, name] of [
    ['src-main/headless/main.ts', 'main.js'],
    ['src-agent/cli/main.ts', 'agent.js'],
  ] as const) {
    await build(nodeBundleOptions(join(repoRoot, entry), join(outDir, name), NODE_TARGET));
  }
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
}

/** Builds dist/host (or outDir) from scratch. */
export async function buildHost(outDir = join(repoRoot, 'dist/host')): Promise<HostBuild> {
  await rm(outDir, { recursive: true, force: true });
  progress('bundling the host and the agent worker (esbuild)…');
  await bundleHostPrograms(outDir);
  progress('building the web UI (Vite)…');
  // Loaded here, not at the top: `--if-stale` with a current build needs no Vite.
  const vite = await import('vite');
  await vite.build({
    configFile: join(repoRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: join(outDir, 'renderer'), emptyOutDir: true },
  });
  const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  await writeFile(
    join(outDir, BUILD_INFO),
    `${JSON.stringify({ version, builtAt: new Date().toISOString() })}\n`,
  );
  const files = [];
  for (const name of ['main.js', 'agent.js', 'renderer/index.html', BUILD_INFO]) {
    const path = join(outDir, name);
    files.push({ path, bytes: (await stat(path)).size });
  }
  return { outDir, files };
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (info === null) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/host is missing or older than any of its sources. */
export async function hostBuildIsStale(outDir = join(repoRoot, 'dist/host')): Promise<boolean> {
  const built = await stat(join(outDir, BUILD_INFO)).catch(() => null);
  if (built === null) return true;
  const sources = await Promise.all(SOURCES.map((source) => newestMtime(join(repoRoot, source))));
  return Math.max(...sources) > built.mtimeMs;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || (await hostBuildIsStale())) {
    if (ifStale) progress('the headless host is not built yet or its sources changed; building it');
    const started = performance.now();
    const built = await buildHost();
    for (const file of built.files)
      progress(`${relative(repoRoot, file.path)} (${Math.round(file.bytes / 1024)} KiB)`);
    progress(`done in ${Math.round(performance.now() - started)} ms`);
  }
}
