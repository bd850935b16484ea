import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIfPresent, readIfPresentSync } from './read-if-present.js';

describe('readIfPresent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-if-present-'));
  writeFileSync(join(dir, 'there'), 'text');

  it('reads a file that is there, and null for one that is not', async () => {
    expect(await readIfPresent(join(dir, 'there'))).toBe('text');
    expect(await readIfPresent(join(dir, 'missing'))).toBeNull();
    expect(readIfPresentSync(join(dir, 'there'))).toBe('text');
    expect(readIfPresentSync(join(dir, 'missing'))).toBeNull();
  });

  it('names the file when it is there but cannot be read', async () => {
    await expect(readIfPresent(dir)).rejects.toThrow(`cannot read ${dir}: EISDIR`);
    expect(() => readIfPresentSync(dir)).toThrow(`cannot read ${dir}: EISDIR`);
  });
});
