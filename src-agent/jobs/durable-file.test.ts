import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
});

describe('fsyncDir', () => {
  it('syncs a folder on POSIX and does nothing on Windows (which cannot open one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'durable-'));
    expect(() => fsyncDir(dir, 'linux')).not.toThrow();
    expect(() => fsyncDir(join(dir, 'missing'), 'darwin')).toThrow(/ENOENT/);
    expect(() => fsyncDir(join(dir, 'missing'), 'win32')).not.toThrow();
  });
});
