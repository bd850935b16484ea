import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDesktop } from '../../../scripts/build-desktop.js';

const out = mkdtempSync(join(tmpdir(), 'build-desktop-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('build:desktop', () => {
  it('bundles main, preload and agent where electron-builder packages them, with electron external', async () => {
    const started = performance.now();
    const built = await buildDesktop(out);
    console.log(
      `build:desktop: ${built.map((b) => `${b.name} ${Math.round(b.bytes / 1024)} KiB`).join(', ')} in ${Math.round(performance.now() - started)} ms`,
    );
    expect(built.map((b) => b.outfile)).toEqual([
      join(out, 'main/index.js'),
      join(out, 'preload/index.cjs'),
      join(out, 'agent/main.js'),
    ]);
    const main = readFileSync(join(out, 'main/index.js'), 'utf8');
    expect(main).toMatch(/from "electron"/);
    // The sandboxed preload may require() electron and nothing else.
    const preload = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).not.toMatch(/process\.env/);
    // The worker never needs Electron: it runs under plain Node too.
    expect(readFileSync(join(out, 'agent/main.js'), 'utf8')).not.toMatch(
      /from "electron"|require\("electron"\)/,
    );
  }, 60_000);
});
