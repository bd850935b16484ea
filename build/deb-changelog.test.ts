import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHANGELOG_OUTPUT, debianChangelog, gzipChangelog } from './deb-changelog.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  author: { name: string; email: string };
};

describe('the .deb’s Debian changelog', () => {
  it('has one entry for the packaged version, in the format dpkg reads', () => {
    const text = debianChangelog(pkg, new Date(Date.UTC(2026, 11, 7, 9, 5, 3)));
    expect(text.split('\n')).toEqual([
      `planasonix-agent (${pkg.version}) stable; urgency=medium`,
      '',
      `  * Planasonix Agent ${pkg.version}: see the release notes of this version.`,
      '',
      ' -- Planasonix <support@planasonix.com>  Mon, 07 Dec 2026 09:05:03 +0000',
      '',
    ]);
  });

  it.skipIf(process.platform === 'win32')('is read back by dpkg-parsechangelog where dpkg exists', () => {
    let parsed: string;
    try {
      parsed = execFileSync('dpkg-parsechangelog', ['-l', '-', '-S', 'Version'], {
        input: debianChangelog(pkg, new Date()),
        encoding: 'utf8',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    expect(parsed.trim()).toBe(pkg.version);
  });

  it('is gzipped without a name or time stamp (gzip -9n), so the bytes depend on the text only', () => {
    const gz = gzipChangelog('x\n');
    expect(gz.readUInt32LE(4)).toBe(0);
    expect(gz[3]).toBe(0); // FLG: no FNAME
    expect(gunzipSync(gz).toString()).toBe('x\n');
  });

  it('is the file electron-builder.yml hands fpm, beside the copyright and lintian overrides', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { deb: { fpm: string[] } };
    const sources = config.deb.fpm.map((mapping) => mapping.split('=')[0]);
    expect(CHANGELOG_OUTPUT.replace(/\\/g, '/')).toMatch(new RegExp(`/${sources[2]}$`));
    for (const source of sources.filter((s) => s !== 'dist/deb/changelog.gz')) {
      expect(() => readFileSync(source ?? '')).not.toThrow();
    }
    expect(config.deb.fpm).toEqual(
      expect.arrayContaining([
        'resources/installers/linux/copyright=/usr/share/doc/planasonix-agent/copyright',
        'dist/deb/changelog.gz=/usr/share/doc/planasonix-agent/changelog.gz',
        'resources/installers/linux/lintian-overrides=/usr/share/lintian/overrides/planasonix-agent',
      ]),
    );
  });
});
