import { mkdtemp, readdir, readFile, rm, cp, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSourceDir, generateIcons } from './generate.js';
import { encodeIco } from './ico.js';
import { iconPlan, macTraySize, trayStates, windowsTraySizes } from './icon-plan.js';
import { readPngHeader } from './png.js';

interface IcoEntry {
  width: number;
  height: number;
  bitCount: number;
  size: number;
  offset: number;
}

function readIcoDirectory(ico: Buffer): IcoEntry[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    return {
      width: ico.readUInt8(at) || 256,
      height: ico.readUInt8(at + 1) || 256,
      bitCount: ico.readUInt16LE(at + 6),
      size: ico.readUInt32LE(at + 8),
      offset: ico.readUInt32LE(at + 12),
    };
  });
}

/** Alpha channel of a PNG written by encodeRgbaPng (one IDAT, filter 0 on every row). */
function alphaOf(png: Buffer): { rgbMax: number; alpha: number[] } {
  const { width, height } = readPngHeader(png);
  const idatLength = png.readUInt32BE(33);
  expect(png.toString('ascii', 37, 41)).toBe('IDAT');
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  const alpha: number[] = [];
  let rgbMax = 0;
  for (let row = 0; row < height; row += 1) {
    const start = row * (width * 4 + 1);
    expect(raw[start]).toBe(0);
    for (let x = 0; x < width; x += 1) {
      const p = start + 1 + x * 4;
      rgbMax = Math.max(rgbMax, raw[p] ?? 0, raw[p + 1] ?? 0, raw[p + 2] ?? 0);
      alpha.push(raw[p + 3] ?? 0);
    }
  }
  return { rgbMax, alpha };
}

let outDir: string;
let written: string[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'planasonix-icons-'));
  written = await generateIcons(defaultSourceDir, outDir);
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('icon sources', () => {
  it('has exactly one SVG per tray state, plus the app icon', async () => {
    const tray = (await readdir(join(defaultSourceDir, 'tray'))).sort();
    expect(tray).toEqual(trayStates.map((state) => `${state}.svg`).sort());
    expect(await readdir(defaultSourceDir)).toContain('app.svg');
  });
});

describe('generated icons', () => {
  it('writes every planned file', () => {
    expect(written).toEqual(iconPlan().map((output) => output.path));
    expect(new Set(written).size).toBe(written.length);
  });

  it('gives every PNG the pixel size its plan asks for', async () => {
    for (const output of iconPlan().filter((o) => o.format !== 'ico')) {
      const header = readPngHeader(await readFile(join(outDir, output.path)));
      expect({ path: output.path, w: header.width, h: header.height }).toEqual({
        path: output.path,
        w: output.sizes[0],
        h: output.sizes[0],
      });
    }
  });

  it('names Linux tray icons state-size.png with an @2x twice the size', async () => {
    const hiDpi = readPngHeader(await readFile(join(outDir, 'tray/linux/busy-22@2x.png')));
    expect(hiDpi.width).toBe(44);
  });

  it('fills each .ico directory with one 32-bit PNG entry per size, at the offsets it states', async () => {
    for (const output of iconPlan().filter((o) => o.format === 'ico')) {
      const ico = await readFile(join(outDir, output.path));
      const entries = readIcoDirectory(ico);
      expect(entries.map((e) => e.width)).toEqual(output.sizes);
      for (const entry of entries) {
        expect(entry.bitCount).toBe(32);
        const png = readPngHeader(ico.subarray(entry.offset, entry.offset + entry.size));
        expect([png.width, png.height]).toEqual([entry.width, entry.height]);
      }
      const last = entries.at(-1);
      expect(last && last.offset + last.size).toBe(ico.length);
    }
    expect(readIcoDirectory(await readFile(join(outDir, 'tray/windows/paused.ico'))).length).toBe(
      windowsTraySizes.length,
    );
  });

  it('makes macOS template images black with alpha only', async () => {
    for (const state of trayStates) {
      for (const name of [`${state}Template.png`, `${state}Template@2x.png`]) {
        const { rgbMax, alpha } = alphaOf(await readFile(join(outDir, 'tray/macos', name)));
        expect({ name, rgbMax }).toEqual({ name, rgbMax: 0 });
        expect(Math.max(...alpha)).toBe(255);
        expect(Math.min(...alpha)).toBe(0);
      }
    }
  });

  it('tells every pair of states apart by shape alone at 16 px', async () => {
    const masks = new Map<string, boolean[]>();
    for (const state of trayStates) {
      const png = await readFile(join(outDir, `tray/macos/${state}Template.png`));
      masks.set(
        state,
        alphaOf(png).alpha.map((a) => a >= 128),
      );
    }
    const pixels = macTraySize * macTraySize;
    for (const [a, maskA] of masks) {
      for (const [b, maskB] of masks) {
        if (a >= b) continue;
        const differing = maskA.filter((on, i) => on !== maskB[i]).length;
        // At least a tenth of the 256 pixels (more than a 5x5 glyph) differ between any two states;
        // the closest pair today, busy/connected-idle, differs in its cut-out glyph only (27 px).
        expect({ pair: `${a}/${b}`, enough: differing >= pixels * 0.1 }).toEqual({
          pair: `${a}/${b}`,
          enough: true,
        });
      }
    }
  });
});

describe('failures', () => {
  it('names the SVG source it could not read', async () => {
    const sources = await mkdtemp(join(tmpdir(), 'planasonix-icon-src-'));
    try {
      await cp(defaultSourceDir, sources, { recursive: true });
      await unlink(join(sources, 'tray/paused.svg'));
      await expect(generateIcons(sources, join(sources, 'out'))).rejects.toThrow(/tray\/paused\.svg/);
    } finally {
      await rm(sources, { recursive: true, force: true });
    }
  });

  it('refuses an .ico image larger than 256 px and an empty icon', async () => {
    const big = await readFile(join(outDir, 'app/1024x1024.png'));
    expect(() => encodeIco([big])).toThrow(/1024x1024.*256/);
    expect(() => encodeIco([])).toThrow(/at least one image/);
  });

  it('refuses to read a header from something that is not a PNG', () => {
    expect(() => readPngHeader(Buffer.from('GIF89a not a png at all, but long enough'))).toThrow(/not a PNG/);
  });
});
