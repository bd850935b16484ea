// Every command the README shows works as shown: the cheap ones run here, exactly as written, in
// the repository; the others are named with the test or workflow that runs them, and that file must
// still say so. A command added to the README with no entry below fails this file, and so does a
// top-level folder the README's layout table does not describe.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readerEnv } from '../../helpers/reader-env.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

type Coverage =
  /** Run here with `sh -c`, from the repository root: it must exit 0 and print `prints`. */
  | { run: true; prints: RegExp }
  /** Too long or too heavy to run twice: `by` (a file of this repository) runs it and says `shows`. */
  | { by: string; shows: string; why: string };

const COMMANDS: Record<string, Coverage> = {
  'npm install && npm start': {
    by: 'tests/integration/start/npm-start.test.ts',
    shows: "spawn('npm', ['start'",
    why: 'starts `npm start` as a new user would and follows what it prints; CI installs with `npm ci` first',
  },
  'npm start -- --help': { run: true, prints: /^usage: npm start -- \[--port N\]/m },
  'npm run --silent control-plane -- --help': {
    run: true,
    prints: /^ {2}npm run --silent control-plane -- \[options\]/m,
  },
  'npm run --silent agent -- --help': { run: true, prints: /^ {2}agent run \[--api-host URL\]/m },
  'npm run --silent host -- --help': { run: true, prints: /^usage: npm run --silent host -- / },
  'npm test': {
    by: '.github/workflows/ci.yml',
    shows: 'run: npm test',
    why: 'CI runs the whole suite on Linux, Windows and macOS',
  },
  'npx vitest run src-shared/agent-protocol/codec.test.ts': { run: true, prints: /Test Files +1 passed/ },
  'npm run test:electron': {
    by: '.github/workflows/ci.yml',
    shows: 'npm run test:electron',
    why: 'the desktop job runs it where Electron starts; test-electron-command.test.ts where it cannot',
  },
};

/** Each command of the README's fenced `sh` blocks: continuations joined, comments and blanks dropped. */
function shCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const joined = (block[1] ?? '').replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command !== '' && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

const shown = shCommands(readme);

describe('the commands README.md shows', () => {
  it('are each run here or named with the test that runs them, and the table names no command the README lost', () => {
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((command) => !(command in COMMANDS))).toEqual([]);
    expect(Object.keys(COMMANDS).filter((command) => !shown.includes(command))).toEqual([]);
  });

  it.each(Object.entries(COMMANDS).filter(([, how]) => 'by' in how))(
    '`%s` is run by the file named, which still runs it',
    (_command, how) => {
      if (!('by' in how)) throw new Error('filtered above');
      const path = join(repoRoot, how.by);
      expect(existsSync(path), how.by).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain(how.shows);
    },
  );

  it.each(Object.entries(COMMANDS).filter(([, how]) => 'run' in how))(
    '`%s` exits 0 and prints what it should',
    async (command, how) => {
      if (!('run' in how)) throw new Error('filtered above');
      const { stdout } = await promisify(execFile)('sh', ['-c', command], {
        cwd: repoRoot,
        env: readerEnv(),
        timeout: 120_000,
      });
      expect(stdout).toMatch(how.prints);
    },
    150_000,
  );
});

describe('the layout README.md shows', () => {
  it('names every top-level folder the repository tracks, and no other', async () => {
    const { stdout } = await promisify(execFile)('git', ['ls-files'], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    const tracked = new Set(
      stdout
        .split('\n')
        .filter((path) => path.includes('/') && !path.startsWith('.'))
        .map((path) => `${path.split('/')[0]}/`),
    );
    const layout = readme.split(/^## /m).find((section) => section.startsWith('Layout\n')) ?? '';
    const listed = [...layout.matchAll(/^\| `([^`]+\/)`/gm)].map((row) => row[1]);
    expect(listed.sort()).toEqual([...tracked].sort());
  });
});
