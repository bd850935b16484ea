// A focused (`.only`) or unconditionally skipped test must fail `npm test` wherever it runs, CI
// variable or not. Each check plants one in a copy of the repository's test configuration (the
// configs, with node_modules linked) and runs the step of `npm test` that must refuse it, exactly
// as package.json runs it; a control run of the same copy without the plant passes, so the failure
// is the plant's.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scripts = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** What the copy needs for the three steps to load their configs and type-check a test file. */
const CONFIG_FILES = [
  'package.json',
  'eslint.config.js',
  'vitest.config.ts',
  'playwright.config.ts',
  'tsconfig.base.json',
  'tsconfig.json',
  'tests/tsconfig.json',
  // vitest.config.ts imports it.
  'tests/helpers/windows-administrator.ts',
  // playwright.config.ts imports it.
  'tests/helpers/chromium-launch.ts',
];

const BINARIES = {
  eslint: join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'),
  vitest: join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'),
  playwright: join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js'),
};

const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configCopy(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'planted-focus-'));
  copies.push(dir);
  for (const file of CONFIG_FILES) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  // A junction needs no privilege on Windows; elsewhere the type is ignored.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'junction');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

interface Ran {
  code: number;
  output: string;
}

/** Runs a tool of node_modules in `cwd` as npm would, without the CI variable (Vitest's default). */
function run(cwd: string, binary: string, args: string[]): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'CI' || name.startsWith('VITEST')) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [binary, ...args], { cwd, env, timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

const VITEST_FOCUSED = `import { expect, it } from 'vitest';
it.only('is focused', () => expect(1).toBe(1));
it('fails, unless the focus hides it', () => expect(1).toBe(2));
`;
const VITEST_PLAIN = `import { expect, it } from 'vitest';
it('passes', () => expect(1).toBe(1));
`;
const PLAYWRIGHT_FOCUSED = `import { expect, test } from '@playwright/test';
test.only('is focused', () => expect(1).toBe(1));
test('fails, unless the focus hides it', () => expect(1).toBe(2));
`;
const PLAYWRIGHT_PLAIN = `import { expect, test } from '@playwright/test';
test('passes', () => expect(1).toBe(1));
`;

describe('npm test refuses a focused or skipped test', () => {
  it('runs the steps checked here: ESLint on everything, vitest run, playwright test', () => {
    expect(scripts.test).toContain('npm run --silent lint');
    expect(scripts.test).toContain('vitest run');
    expect(scripts.test).toContain('npm run --silent test:e2e');
    expect(scripts.lint).toBe('eslint --max-warnings=0 .');
    expect(scripts['test:e2e']).toMatch(/&& playwright test$/);
  });

  it('vitest run fails on an it.only beside a failing test, and passes the same copy without it', async () => {
    const planted = await run(
      configCopy({ 'tests/integration/planted.test.ts': VITEST_FOCUSED }),
      BINARIES.vitest,
      ['run'],
    );
    expect(planted.code, planted.output).not.toBe(0);
    expect(planted.output).toContain('Unexpected .only modifier');

    const plain = await run(
      configCopy({ 'tests/integration/planted.test.ts': VITEST_PLAIN }),
      BINARIES.vitest,
      ['run'],
    );
    expect(plain.code, plain.output).toBe(0);
  }, 120_000);

  it('playwright test fails on a test.only, and loads the same copy without it', async () => {
    const planted = await run(
      configCopy({ 'tests/e2e/planted.spec.ts': PLAYWRIGHT_FOCUSED }),
      BINARIES.playwright,
      ['test', '--list'],
    );
    expect(planted.code, planted.output).not.toBe(0);
    expect(planted.output).toContain("not allowed due to the 'forbidOnly' option");

    const plain = await run(
      configCopy({ 'tests/e2e/planted.spec.ts': PLAYWRIGHT_PLAIN }),
      BINARIES.playwright,
      ['test', '--list'],
    );
    expect(plain.code, plain.output).toBe(0);
    expect(plain.output).toContain('1 test in 1 file');
  }, 120_000);

  it('ESLint fails on each focused, skipped or todo test, and not on a skip with a condition', async () => {
    const dir = configCopy({
      'tests/integration/planted.test.ts': `import { describe, expect, it } from 'vitest';
describe.skip('a skipped suite', () => {
  it('passes', () => expect(1).toBe(1));
});
describe('a suite', () => {
  it.only('is focused', () => expect(1).toBe(1));
  it.skip('is skipped', () => expect(1).toBe(1));
  it.todo('is a placeholder');
  it.skipIf(process.platform === 'win32')('says when it cannot run', () => expect(1).toBe(1));
});
`,
      'tests/e2e/planted.spec.ts': `import { expect, test } from '@playwright/test';
test.only('is focused', () => expect(1).toBe(1));
test.skip('is skipped', () => expect(1).toBe(1));
test.fixme('is parked', () => expect(1).toBe(1));
test('says when it cannot run', () => {
  test.skip(process.platform === 'win32', 'no such thing on Windows');
  expect(1).toBe(1);
});
`,
    });
    // The lint script's options, on the planted files only (linting the copied configs adds nothing).
    const linted = await run(dir, BINARIES.eslint, [
      '--max-warnings=0',
      '--format',
      'json',
      'tests/integration/planted.test.ts',
      'tests/e2e/planted.spec.ts',
    ]);
    expect(linted.code).toBe(1);
    const results = JSON.parse(linted.output.trim()) as {
      filePath: string;
      messages: { ruleId: string | null; line: number }[];
    }[];
    const found = results.flatMap((file) =>
      file.messages.map(
        (m) => `${file.filePath.slice(dir.length + 1).replaceAll('\\', '/')}:${m.line} ${m.ruleId}`,
      ),
    );
    expect(found.sort()).toEqual(
      [
        'tests/integration/planted.test.ts:2 vitest/no-disabled-tests',
        'tests/integration/planted.test.ts:6 vitest/no-focused-tests',
        'tests/integration/planted.test.ts:7 vitest/no-disabled-tests',
        'tests/integration/planted.test.ts:8 vitest/warn-todo',
        'tests/e2e/planted.spec.ts:2 playwright/no-focused-test',
        'tests/e2e/planted.spec.ts:3 playwright/no-skipped-test',
        'tests/e2e/planted.spec.ts:4 playwright/no-skipped-test',
      ].sort(),
    );
  }, 120_000);
});
