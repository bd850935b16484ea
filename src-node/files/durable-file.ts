import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a small file so that after a crash or power cut it holds either the old or the new content,
 * never a torn mix: temp file, fsync, rename over the target, fsync the folder (the rename itself
 * must reach the disk). The temp file is created afresh owner-only (0600), so a secret written this
 * way is never readable by others, not even briefly, and no reader ever sees half of it.
 *
 * Synchronous on purpose: these files are small and rare, and a caller that has just spawned a
 * process must not lose its pid to an await.
 */
export function writeFileDurably(path: string, content: string | Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  // A temp file left by a crash of an earlier process with our pid may carry another mode.
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      // The umask can only narrow the mode given to open(); this makes 0600 exact either way.
      fchmodSync(fd, 0o600);
      writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    // A full disk or a folder in the way: the old file stays, and no temp file is left beside it.
    rmSync(temp, { force: true });
    throw error;
  }
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
