import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkedPublicUrl, resolveInstallerSettings } from './installer-flags.js';
import { resolveServerConfig, UsageError } from './server-config.js';

const root = mkdtempSync(join(tmpdir(), 'plnx-installer-flags-'));
const releaseA = mkdtempSync(join(root, 'a-'));
const releaseB = mkdtempSync(join(root, 'b-'));
const file = join(root, 'file');
writeFileSync(file, '');

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('resolveInstallerSettings', () => {
  it('leaves both unset by default (downloads answer 503, commands use the listen URL)', () => {
    expect(resolveInstallerSettings(undefined, undefined)).toEqual({
      releaseDir: undefined,
      publicUrl: undefined,
    });
  });

  it('keeps an existing folder and a public URL without its trailing slash', () => {
    expect(resolveInstallerSettings(releaseA, 'https://cp.example.test/base/')).toEqual({
      releaseDir: releaseA,
      publicUrl: 'https://cp.example.test/base',
    });
  });

  it('names the flag and the problem', () => {
    expect(() => resolveInstallerSettings(join(root, 'nope'), undefined)).toThrow(
      `--release-dir: ${join(root, 'nope')} does not exist`,
    );
    expect(() => resolveInstallerSettings(file, undefined)).toThrow(`--release-dir: ${file} is not a folder`);
    expect(() => resolveInstallerSettings(undefined, 'http://[::1]:8080')).toThrow(
      /^--public-url: "http:\/\/\[::1\]:8080" has characters the install scripts refuse/,
    );
  });

  it('checkedPublicUrl refuses what install.sh and install.ps1 would refuse', () => {
    expect(checkedPublicUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(() => checkedPublicUrl('https://x.example.test/?q=1')).toThrow(/query/);
  });
});

describe('the flags in resolveServerConfig', () => {
  it('reads the environment, a flag wins over it, and a bad value is a UsageError', () => {
    const env = { PLANASONIX_RELEASE_DIR: releaseA, PLANASONIX_PUBLIC_URL: 'https://env.example.test' };
    expect(resolveServerConfig([], env, '/data')).toMatchObject({
      releaseDir: releaseA,
      publicUrl: 'https://env.example.test',
    });
    expect(
      resolveServerConfig(
        ['--release-dir', releaseB, '--public-url', 'https://flag.example.test'],
        env,
        '/data',
      ),
    ).toMatchObject({ releaseDir: releaseB, publicUrl: 'https://flag.example.test' });
    expect(() => resolveServerConfig(['--public-url', 'ftp://x.example.test'], {}, '/data')).toThrow(
      UsageError,
    );
  });
});
