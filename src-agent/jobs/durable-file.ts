import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a small file so that after a crash or power cut it holds either the old or the new content,
 * never a torn mix: temp file, fsync, rename over the target, fsync the folder (the rename itself
 * must reach the disk). Synchronous on purpose: these files are small and rare (a few per job), and a
 * caller that has just spawned a process must not lose its pid to an await.
 */
export function writeFileDurably(path: string, content: string | Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeAll(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDir(dirname(path));
}

export function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  // Bounded: every pass writes at least one byte or throws.
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Makes a rename or unlink in the folder durable. Windows cannot open a folder; NTFS journals it. */
export function fsyncDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
