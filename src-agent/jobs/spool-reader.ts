import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/** Reads a spool by byte offset, while the spool may still be growing. */
export class SpoolReader {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<SpoolReader> {
    return new SpoolReader(path, await open(path, 'r'));
  }

  /** Up to max bytes from offset; an empty buffer at the current end of the file. */
  async readChunk(offset: number, max: number): Promise<Buffer> {
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw new Error(`spool offset must be a whole number of bytes ≥ 0, got ${offset}`);
    if (!Number.isInteger(max) || max < 1 || max > MAX_CHUNK_BYTES)
      throw new Error(`chunk size must be 1..${MAX_CHUNK_BYTES} bytes, got ${max}`);
    const buffer = Buffer.allocUnsafe(max);
    let filled = 0;
    // Bounded: each pass reads at least one byte or stops at the end of the file.
    while (filled < max) {
      const { bytesRead } = await this.handle.read(buffer, filled, max - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
