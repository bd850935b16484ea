// The Debian changelog the .deb carries as /usr/share/doc/planasonix-agent/changelog.gz (Debian
// policy 12.7; lintian calls a package without one an error). One entry for the version being
// packaged, pointing at the release notes. `node build/deb-changelog.mjs` writes it to
// dist/deb/changelog.gz before `electron-builder --linux` (electron-builder.yml's deb.fpm maps it).
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CHANGELOG_OUTPUT = fileURLToPath(new URL('../dist/deb/changelog.gz', import.meta.url));

/**
 * @param {{ name: string, version: string, author: { name: string, email: string } }} pkg
 * @param {Date} date
 * @returns {string}
 */
export function debianChangelog(pkg, date) {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  // RFC 5322 date, as dpkg-parsechangelog expects.
  const when =
    `${days[date.getUTCDay()]}, ${two(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
  return [
    `${pkg.name} (${pkg.version}) stable; urgency=medium`,
    '',
    `  * Planasonix Agent ${pkg.version}: see the release notes of this version.`,
    '',
    ` -- ${pkg.author.name} <${pkg.author.email}>  ${when}`,
    '',
  ].join('\n');
}

/** gzip as `gzip -9n` does: best compression, no file name, no time stamp (zlib's default). */
export function gzipChangelog(/** @type {string} */ text) {
  return gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const date = process.env.SOURCE_DATE_EPOCH
    ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000)
    : new Date();
  mkdirSync(dirname(CHANGELOG_OUTPUT), { recursive: true });
  writeFileSync(CHANGELOG_OUTPUT, gzipChangelog(debianChangelog(pkg, date)));
  process.stdout.write(`deb changelog: ${CHANGELOG_OUTPUT}\n`);
}
