// `npm run icons`: rasterises resources/icons/*.svg into dist/icons/ for electron-builder and the
// tray. Run before packaging; the output is build output and never committed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodeIco } from './ico.js';
import { type IconOutput, iconPlan } from './icon-plan.js';
import { renderPng, renderTemplatePng } from './render.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultSourceDir = join(repoRoot, 'resources/icons');
export const defaultOutDir = join(repoRoot, 'dist/icons');

function rasterise(output: IconOutput, svg: string): Buffer {
  switch (output.format) {
    case 'ico':
      return encodeIco(output.sizes.map((size) => renderPng(svg, size)));
    case 'template-png':
      return renderTemplatePng(svg, output.sizes[0] ?? 0);
    case 'png':
      return renderPng(svg, output.sizes[0] ?? 0);
  }
}

async function readSource(sourceDir: string, source: string): Promise<string> {
  const path = join(sourceDir, source);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`icons: cannot read SVG source ${path}`, { cause: error });
  }
}

/** Writes every file of the plan; returns the paths written, relative to outDir. */
export async function generateIcons(sourceDir: string, outDir: string): Promise<string[]> {
  const sources = new Map<string, string>();
  const written: string[] = [];
  for (const output of iconPlan()) {
    const svg = sources.get(output.source) ?? (await readSource(sourceDir, output.source));
    sources.set(output.source, svg);
    const target = join(outDir, output.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, rasterise(output, svg));
    written.push(output.path);
  }
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const written = await generateIcons(defaultSourceDir, defaultOutDir);
  const ms = Math.round(performance.now() - started);
  console.log(`icons: wrote ${written.length} files to ${defaultOutDir} in ${ms} ms`);
}
