// Windows .ico container holding PNG-compressed images (supported since Windows Vista, and by
// Electron's nativeImage). Layout: a 6-byte ICONDIR, one 16-byte ICONDIRENTRY per image, then the
// PNG payloads in the same order.
import { readPngHeader } from './png.js';

const iconDirSize = 6;
const entrySize = 16;
/** An ICO entry stores width/height in one byte each; 0 means 256. */
const maxIcoSide = 256;

export function encodeIco(pngs: readonly Uint8Array[]): Buffer {
  if (pngs.length === 0) throw new Error('encodeIco: an icon needs at least one image');
  const dir = Buffer.alloc(iconDirSize + entrySize * pngs.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // type 1: icon (2 would be a cursor)
  dir.writeUInt16LE(pngs.length, 4);
  let offset = dir.length;
  pngs.forEach((png, index) => {
    const { width, height } = readPngHeader(png);
    if (width > maxIcoSide || height > maxIcoSide) {
      throw new Error(`encodeIco: image ${index} is ${width}x${height}; the largest an .ico holds is 256`);
    }
    const at = iconDirSize + entrySize * index;
    dir.writeUInt8(width % maxIcoSide, at);
    dir.writeUInt8(height % maxIcoSide, at + 1);
    dir.writeUInt8(0, at + 2); // no palette
    dir.writeUInt8(0, at + 3);
    dir.writeUInt16LE(1, at + 4); // colour planes
    dir.writeUInt16LE(32, at + 6); // bits per pixel
    dir.writeUInt32LE(png.byteLength, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += png.byteLength;
  });
  return Buffer.concat([dir, ...pngs]);
}
