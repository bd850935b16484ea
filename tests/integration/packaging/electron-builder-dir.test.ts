// Packaging smoke test: electron-builder --linux dir on a copy of our config, with a stand-in
// Electron folder (the real one cannot be downloaded here), the real main, preload and agent
// bundles (npm run build:desktop) and a one-file stand-in for the Vite renderer build.
import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSourceDir, generateIcons } from '../../../build/icons/generate.js';
import { iconPlan } from '../../../build/icons/icon-plan.js';
import { buildDesktop } from '../../../scripts/build-desktop.js';
import { AsarIndex } from './asar-index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const builder = join(repo, 'node_modules', '.bin', 'electron-builder');
const entryPoints = [
  'dist/main/index.js',
  'dist/preload/index.cjs',
  'dist/renderer/index.html',
  'dist/agent/main.js',
];

let root: string;
let project: string;
let asar: AsarIndex;
let log = '';

async function put(path: string, content: string) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function runBuilder(): Promise<number | null> {
  const child = spawn(
    builder,
    ['--linux', 'dir', `-c.electronDist=${join(root, 'electron')}`, '-c.electronVersion=45.5.0'],
    // The hook path in the config must resolve inside the project, so run from there.
    { cwd: project, env: { ...process.env, CSC_LINK: '', CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return code;
}

// Windows cannot run the stand-in Electron shell script; Linux and macOS CI runners can.
describe.skipIf(process.platform === 'win32')('electron-builder --linux dir', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'planasonix-builder-'));
    project = join(root, 'project');
    await mkdir(join(project, 'build/msi'), { recursive: true });
    const configFiles = [
      'electron-builder.yml',
      'build/report-signing.mjs',
      'build/entitlements.mac.plist',
      // electron-builder loads every hook the config names, the MSI one included, on any target.
      'build/msi-project-created.mjs',
      'build/msi/enrollment-wxs.mjs',
      'build/msi/protocol-wxs.mjs',
      'build/msi/planasonix-enrollment.jscript',
    ];
    for (const file of configFiles) {
      await copyFile(join(repo, file), join(project, file));
    }
    // The real package.json's identity (product name, desktop name, author), with a fixture
    // dependency in place of the real ones.
    const { name, productName, desktopName, author } = JSON.parse(
      await readFile(join(repo, 'package.json'), 'utf8'),
    ) as Record<string, unknown>;
    await put(
      join(project, 'package.json'),
      JSON.stringify({
        name,
        productName,
        desktopName,
        author,
        version: '0.1.0',
        description: 'fixture',
        license: 'UNLICENSED',
        dependencies: { 'tiny-dep': '1.0.0' },
      }),
    );
    await buildDesktop(join(project, 'dist'));
    await put(join(project, 'dist/renderer/index.html'), '<!doctype html><title>Planasonix Agent</title>');
    await put(join(project, 'dist/main/index.js.map'), '{}');
    await put(join(project, 'tests/integration/some.test.ts'), 'test');
    await put(join(project, 'src-main/core/host.ts'), 'source');
    // A runtime dependency the bundles already inline: it must not be packed a second time.
    await put(join(project, 'node_modules/tiny-dep/package.json'), '{"name":"tiny-dep","version":"1.0.0"}');
    await put(join(project, 'node_modules/tiny-dep/index.js'), 'module.exports = 1;');
    await generateIcons(defaultSourceDir, join(project, 'dist/icons'));

    await put(join(root, 'electron/electron'), '#!/bin/sh\necho stand-in electron\n');
    await chmod(join(root, 'electron/electron'), 0o755);
    await put(join(root, 'electron/version'), 'v45.5.0');

    const code = await runBuilder();
    if (code !== 0) throw new Error(`electron-builder exited ${code}:\n${log}`);
    asar = new AsarIndex(join(project, 'release/linux-unpacked/resources/app.asar'));
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names the executable planasonix-agent', async () => {
    expect((await stat(join(project, 'release/linux-unpacked/planasonix-agent'))).isFile()).toBe(true);
  });

  it('packs the identity Electron reads at run time: product name and desktop name', () => {
    const packed = JSON.parse(asar.read('package.json').toString()) as Record<string, unknown>;
    expect(packed).toMatchObject({
      productName: 'Planasonix Agent',
      desktopName: 'planasonix-agent.desktop',
    });
  });

  it('packs the four entry points and points main at the host bundle', () => {
    expect(asar.files()).toEqual(expect.arrayContaining(entryPoints));
    const { main } = JSON.parse(asar.read('package.json').toString()) as { main: string };
    expect(main).toBe('dist/main/index.js');
    // The real host bundle, not an empty stand-in, is what Electron will load.
    expect(asar.read(main).length).toBeGreaterThan(100_000);
  });

  it('packs every tray icon', () => {
    const tray = iconPlan()
      .filter((output) => output.path.startsWith('tray/'))
      .map((output) => `dist/icons/${output.path}`);
    expect(tray.length).toBeGreaterThan(0);
    expect(asar.files()).toEqual(expect.arrayContaining(tray));
  });

  it('packs nothing from tests, sources, source maps or node_modules', () => {
    const unwanted = asar.files().filter((file) => /^(tests|src-|node_modules)\/|\.map$/.test(file));
    expect(unwanted).toEqual([]);
    expect(asar.files().every((file) => file === 'package.json' || file.startsWith('dist/'))).toBe(true);
  });
});
