import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'plnx-installer-flags-'));
const aFile = join(scratch, 'not-a-folder');
writeFileSync(aFile, '');

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The real CLI; every case here is refused before anything listens, so none keeps running. */
function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-control-plane/cli/main.ts',
      '--port',
      '0',
      '--data-dir',
      join(scratch, 'data'),
      ...args,
    ],
    { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } },
  );
}

describe('--release-dir and --public-url at start', () => {
  it.each([
    [
      ['--release-dir', join(scratch, 'missing')],
      {},
      `--release-dir: ${join(scratch, 'missing')} does not exist`,
    ],
    [[], { PLANASONIX_RELEASE_DIR: aFile }, `--release-dir: ${aFile} is not a folder`],
    [
      ['--public-url', 'ftp://files.example.test'],
      {},
      '--public-url: must be an http:// or https:// URL, not ftp://',
    ],
    [['--public-url', 'not a url'], {}, '--public-url: "not a url" is not a URL'],
    [
      [],
      { PLANASONIX_PUBLIC_URL: 'https://x.example.test/$(reboot)' },
      'has characters the install scripts refuse',
    ],
    [
      ['--public-url', 'https://user:pw@x.example.test'],
      {},
      '--public-url: must not carry a user name or password',
    ],
  ])('refuses %j %j with exit 2 and a message naming the flag', (args, env, message) => {
    const result = cli(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Run with --help for usage.');
    expect(result.stdout).toBe('');
  });

  it('lists both flags in --help', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--release-dir DIR      PLANASONIX_RELEASE_DIR');
    expect(result.stdout).toContain('--public-url URL       PLANASONIX_PUBLIC_URL');
  });
});
