// Streams a list of entries as tar.gz or zip. Files are read from disk as the archive is written,
// so a package of hundreds of megabytes never sits in memory.
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { pack as tarPack, type Pack } from 'tar-stream';
import { ZipFile } from 'yazl';

export type ArchiveEntry =
  | { name: string; mode: number; mtime: Date; file: string; size: number }
  | { name: string; mode: number; mtime: Date; content: Buffer };

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

function addTarEntry(pack: Pack, entry: ArchiveEntry): Promise<void> {
  return new Promise((resolve, reject) => {
    const header = { name: entry.name, mode: entry.mode, mtime: entry.mtime };
    if ('content' in entry) {
      pack.entry({ ...header, size: entry.content.length }, entry.content, (error) =>
        error ? reject(error) : resolve(),
      );
      return;
    }
    const sink = pack.entry({ ...header, size: entry.size }, (error) => (error ? reject(error) : resolve()));
    pipeline(createReadStream(entry.file), sink).catch(reject);
  });
}

export function tarGzStream(entries: readonly ArchiveEntry[]): Readable {
  const pack = tarPack();
  // The package inside is already compressed (a .deb holds xz), so deflating it again gains
  // nothing: level 1 made the archive larger and streamed at a twelfth of the speed of stored
  // blocks (bench/installer-archive.ts).
  const gzip = createGzip({ level: constants.Z_NO_COMPRESSION });
  const out = new PassThrough();
  const write = async () => {
    for (const entry of entries) await addTarEntry(pack, entry);
    pack.finalize();
  };
  write().catch((error: unknown) => pack.destroy(asError(error)));
  pipeline(pack, gzip, out).catch((error: unknown) => out.destroy(asError(error)));
  return out;
}

const regularFile = 0o100000;

export function zipStream(entries: readonly ArchiveEntry[]): Readable {
  const zip = new ZipFile();
  for (const entry of entries) {
    const options = { mode: regularFile | entry.mode, mtime: entry.mtime };
    if ('content' in entry) zip.addBuffer(entry.content, entry.name, options);
    // Stored, not deflated: .msi and .dmg are compressed already, and stored bytes are the
    // artifact's own bytes.
    else zip.addFile(entry.file, entry.name, { ...options, compress: false });
  }
  zip.end();
  const out = zip.outputStream as Readable;
  // yazl reports read failures on the ZipFile, not on its output stream; a download must see them.
  zip.on('error', (error: Error) => out.destroy(error));
  return out;
}
