import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from './file-secret-store.js';
import { secretsWarning } from './secret-store.js';

let dir = '';
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('FileSecretStore', () => {
  it('writes each secret as a 0600 file in a 0700 folder and reads it back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    const store = new FileSecretStore(join(dir, 'secrets'));
    await store.set('ui-token', 'abc123');
    expect((await stat(join(dir, 'secrets', 'ui-token'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect(await store.get('ui-token')).toBe('abc123');
    await store.set('ui-token', 'replaced');
    expect(await store.get('ui-token')).toBe('replaced');
    await store.delete('ui-token');
    expect(await store.get('ui-token')).toBeNull();
  });

  it('refuses names that could leave its folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    const store = new FileSecretStore(dir);
    await expect(store.set('../escape', 'x')).rejects.toThrow(/bad secret name/);
    await expect(store.get('a/b')).rejects.toThrow(/bad secret name/);
  });
});

describe('secretsWarning', () => {
  it('speaks plainly only for basic_text', () => {
    expect(secretsWarning('basic_text')).toMatch(/only obfuscated/);
    expect(secretsWarning('file')).toBeNull();
    expect(secretsWarning('safe_storage')).toBeNull();
  });
});
