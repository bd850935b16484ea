import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { extract } from 'tar-stream';

export interface UnpackedFile {
  bytes: Buffer;
  /** Unix permission bits as a tar records them (null from a zip, where fflate does not read them). */
  mode: number | null;
}

/** Every file of a downloaded installer bundle (tar.gz or zip), as an installer would unpack it. */
export async function unpackBundle(body: Buffer, kind: 'tar.gz' | 'zip'): Promise<Map<string, UnpackedFile>> {
  return kind === 'zip' ? unzip(body) : untarGz(body);
}

function unzip(body: Buffer): Map<string, UnpackedFile> {
  const entries = Object.entries(unzipSync(body));
  return new Map(entries.map(([name, bytes]) => [name, { bytes: Buffer.from(bytes), mode: null }]));
}

async function untarGz(body: Buffer): Promise<Map<string, UnpackedFile>> {
  const files = new Map<string, UnpackedFile>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on('end', () => {
      files.set(header.name, { bytes: Buffer.concat(chunks), mode: header.mode ?? 0 });
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    Readable.from([gunzipSync(body)]).pipe(reader);
  });
  return files;
}
