// Rasterises one SVG source at one pixel size with resvg (its binary ships inside the npm package,
// so nothing is downloaded at build time).
import { Resvg } from '@resvg/resvg-js';
import { encodeRgbaPng } from './png.js';

function rasterise(svg: string, size: number) {
  // System fonts are never needed (the sources draw no text) and loading them is slow.
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render();
}

export function renderPng(svg: string, size: number): Buffer {
  const image = rasterise(svg, size);
  if (image.width !== size || image.height !== size) {
    throw new Error(`renderPng: source is not square (${image.width}x${image.height} at width ${size})`);
  }
  return image.asPng();
}

/**
 * A macOS template image: black with the source's alpha, so the menu bar can tint it for light and
 * dark mode. Shapes therefore carry all meaning here, which is why the sources cut holes with
 * masks instead of painting white over colour.
 */
export function renderTemplatePng(svg: string, size: number): Buffer {
  const image = rasterise(svg, size);
  const rgba = Uint8Array.from(image.pixels);
  for (let i = 0; i < rgba.length; i += 4) {
    rgba[i] = 0;
    rgba[i + 1] = 0;
    rgba[i + 2] = 0;
  }
  return encodeRgbaPng(image.width, image.height, rgba);
}
