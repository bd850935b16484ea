import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsyncDir, writeFileDurably } from './durable-file.js';

describe('writeFileDurably', () => {
  it('replaces the file whole, owner-only, leaving no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-'));
    const path = join(dir, 'state.json');
    writeFileDurably(path, 'one');
    writeFileDurably(path, Buffer.from('two'));
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['state.json']);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')(
    'writes owner-only even over a wider temp file an earlier crash left, and under a wide umask',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'durable-'));
      const path = join(dir, 'secret');
      const leftover = `${path}.${process.pid}.tmp`;
      writeFileSync(leftover, 'old');
      chmodSync(leftover, 0o666);
      const umask = process.umask(0o000);
      try {
        writeFileDurably(path, 'key');
      } finally {
        process.umask(umask);
      }
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['secret']);
    },
  );
});

describe('writeFileDurably failing', () => {
  it('leaves no temp file behind when the rename fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-'));
    mkdirSync(join(dir, 'taken', 'inside'), { recursive: true });
    expect(() => writeFileDurably(join(dir, 'taken'), 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('fsyncDir', () => {
  it('syncs a folder on POSIX and does nothing on Windows (which cannot open one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-'));
    expect(() => fsyncDir(dir, 'linux')).not.toThrow();
    expect(() => fsyncDir(join(dir, 'missing'), 'darwin')).toThrow(/ENOENT/);
    expect(() => fsyncDir(join(dir, 'missing'), 'win32')).not.toThrow();
  });
});
