// `npm run security:electron`: Electronegativity over the Electron shell (src-main/electron), run
// offline. Fails on any high or medium finding, and on any file it could not parse (a file it cannot
// read is a file it did not check). Justified findings are silenced at their site with an
// `eng-disable` comment that says why.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  manualReview: boolean;
  description: string;
}
interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Issue[];
}
type Runner = (options: Record<string, unknown>) => Promise<RunResult>;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));

/**
 * The tool fetches its translations from S3 on every run and a list of Electron releases from
 * GitHub; our machines reach neither (and tests stay on loopback). Its bundled English strings are
 * used instead, and the release check is skipped: Electron's version is pinned in package.json.
 */
function useBundledTranslations(): void {
  const i18nModule = join(toolDir, 'dist', 'locales', 'i18n.js');
  const i18n = require(require.resolve('i18n', { paths: [toolDir] })) as {
    configure(options: Record<string, unknown>): void;
    setLocale(locale: string): void;
  };
  const setup = () => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(i18nModule),
      updateFiles: false,
      objectNotation: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
    return Promise.resolve();
  };
  require.cache[i18nModule] = {
    id: i18nModule,
    filename: i18nModule,
    loaded: true,
    exports: setup,
  } as NodeJS.Module;
}

const electronVersion = (
  JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const input = join(repoRoot, 'src-main', 'electron');

useBundledTranslations();
const run = require('@doyensec/electronegativity') as Runner;
const started = performance.now();
const result = await run({
  input,
  isRelative: true,
  electronVersionOverride: electronVersion,
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
});
const ms = Math.round(performance.now() - started);

const blocking = result.issues.filter((issue) => issue.severity.value >= 2);
const unread = result.errors.filter((error) => !error.tolerable);
for (const issue of result.issues) {
  const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
  const review = issue.manualReview ? ' (review)' : '';
  console.log(`${issue.severity.name.padEnd(13)} ${issue.id.padEnd(32)} ${where}${review}`);
}
for (const error of unread) console.log(`UNPARSED      ${error.file}: ${error.message}`);
console.log(
  `electronegativity: ${result.atomicChecks + result.globalChecks} checks over src-main/electron (Electron ${electronVersion}) in ${ms} ms: ` +
    `${blocking.length} high/medium, ${result.issues.length - blocking.length} low/informational, ${unread.length} unparsed`,
);
if (blocking.length > 0 || unread.length > 0) process.exitCode = 1;
