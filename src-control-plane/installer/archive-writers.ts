// Streams a list of entries as tar.gz or zip. Files are read from disk as the archive is written,
// so a package of hundreds of megabytes never sits in memory.
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
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
    pipelineAsync(createReadStream(entry.file), sink).catch(reject);
  });
}

/**
 * Nothing is opened until the first read: a body nobody reads holds no file, and a package that
 * vanished after the archive was planned fails the stream (instead of the open racing the caller).
 */
export function tarGzStream(entries: readonly ArchiveEntry[]): Readable {
  return Readable.from(tarGzChunks(entries), { objectMode: false });
}

async function* tarGzChunks(entries: readonly ArchiveEntry[]): AsyncGenerator<Buffer> {
  const pack = tarPack();
  // The package inside is already compressed (a .deb holds xz), so deflating it again gains
  // nothing: level 1 made the archive larger and streamed at a twelfth of the speed of stored
  // blocks (bench/installer-archive.ts).
  const gzip = pipeline(pack, createGzip({ level: constants.Z_NO_COMPRESSION }), () => {
    // An error destroys gzip, whose iteration below then throws it into the body.
  });
  const write = async () => {
    for (const entry of entries) await addTarEntry(pack, entry);
    pack.finalize();
  };
  write().catch((error: unknown) => pack.destroy(asError(error)));
  for await (const chunk of gzip) yield chunk as Buffer;
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
