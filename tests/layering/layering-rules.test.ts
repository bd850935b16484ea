import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const configPath = join(repo, '.dependency-cruiser.cjs');
const ruleNames = (
  createRequire(import.meta.url)(configPath) as { forbidden: { name: string }[] }
).forbidden.map((rule) => rule.name);

/** Files that import nothing: what the planted files point at. */
const targets = [
  'src-shared/host-api/methods.ts',
  'src-shared/rest/tokens.ts',
  'src-shared/rest/agents.ts',
  'src-shared/api-host.ts',
  'src-shared/backoff.ts',
  'src-shared/redact.ts',
  'src-node/error-message.ts',
  'src-agent/worker/agent-worker.ts',
  'src-control-plane/app.ts',
  'src-main/core/host-core.ts',
  'src-renderer/app.tsx',
];

/** The other half of the planted cycle (dependency-cruiser reports a cycle once, from its first file). */
const cyclePartner = { file: 'src-shared/cycle-b.ts', imports: ['./cycle-a.js'] };

/** Each file imports what it names; `breaks` is the one rule it must break, null for none. */
const planted: { file: string; imports: string[]; breaks: string | null }[] = [
  // What the layering allows: no rule may catch any of these.
  { file: 'src-node/uses-shared.ts', imports: ['../src-shared/redact.js', 'node:fs'], breaks: null },
  {
    file: 'src-agent/uses-shared-and-node.ts',
    imports: ['../src-shared/rest/agents.js', '../src-node/error-message.js', './worker/agent-worker.js'],
    breaks: null,
  },
  {
    file: 'src-control-plane/uses-shared-and-node.ts',
    imports: ['../src-shared/rest/agents.js', '../src-node/error-message.js', './app.js'],
    breaks: null,
  },
  {
    file: 'src-main/core/uses-shared-and-node.ts',
    imports: ['../../src-shared/host-api/methods.js', '../../src-node/error-message.js'],
    breaks: null,
  },
  {
    file: 'src-main/electron/shell.ts',
    imports: ['electron', '../../src-node/error-message.js'],
    breaks: null,
  },
  {
    file: 'src-main/electron/preload.ts',
    imports: ['electron', '../../src-shared/host-api/methods.js'],
    breaks: null,
  },
  {
    file: 'src-renderer/uses-host-api.ts',
    imports: [
      '../src-shared/host-api/methods.js',
      '../src-shared/rest/tokens.js',
      '../src-shared/api-host.js',
      '../src-shared/backoff.js',
      './app.js',
    ],
    breaks: null,
  },
  // One violation of each rule.
  {
    file: 'src-shared/reaches-node.ts',
    imports: ['../src-node/error-message.js'],
    breaks: 'shared-imports-nothing-of-ours',
  },
  { file: 'src-shared/uses-fs.ts', imports: ['node:fs'], breaks: 'shared-is-runtime-neutral' },
  {
    file: 'src-node/reaches-agent.ts',
    imports: ['../src-agent/worker/agent-worker.js'],
    breaks: 'node-imports-only-shared',
  },
  { file: 'src-node/uses-react.ts', imports: ['react'], breaks: 'node-has-no-ui' },
  {
    file: 'src-agent/reaches-control-plane.ts',
    imports: ['../src-control-plane/app.js'],
    breaks: 'agent-and-control-plane-import-only-shared-and-node',
  },
  {
    file: 'src-control-plane/reaches-host.ts',
    imports: ['../src-main/core/host-core.js'],
    breaks: 'agent-and-control-plane-import-only-shared-and-node',
  },
  {
    file: 'src-main/core/reaches-agent.ts',
    imports: ['../../src-agent/worker/agent-worker.js'],
    breaks: 'host-imports-only-shared-and-node',
  },
  {
    file: 'src-renderer/reaches-rest.ts',
    imports: ['../src-shared/rest/agents.js'],
    breaks: 'renderer-imports-only-the-host-api',
  },
  {
    file: 'src-renderer/reaches-node.ts',
    imports: ['../src-node/error-message.js'],
    breaks: 'browser-code-never-imports-src-node',
  },
  {
    file: 'src-main/electron/preload-helpers.ts',
    imports: ['../../src-node/error-message.js'],
    breaks: 'browser-code-never-imports-src-node',
  },
  {
    file: 'src-control-plane/http/reaches-feature.ts',
    imports: ['../app.js'],
    breaks: 'control-plane-http-is-machinery',
  },
  {
    file: 'src-control-plane/store/reaches-feature.ts',
    imports: ['../app.js'],
    breaks: 'control-plane-store-is-the-database',
  },
  {
    file: 'src-node/uses-electron.ts',
    imports: ['electron'],
    breaks: 'only-the-electron-shell-imports-electron',
  },
  { file: 'src-renderer/uses-fs.ts', imports: ['node:fs'], breaks: 'renderer-has-no-node' },
  { file: 'src-shared/cycle-a.ts', imports: ['./cycle-b.js'], breaks: 'no-circular' },
];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let root = '';
let violations: Violation[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'layering-'));
  copyFileSync(join(repo, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  for (const file of targets) write(file, 'export const here = 1;\n');
  for (const { file, imports } of [...planted, cyclePartner])
    write(file, imports.map((from) => `import '${from}';\n`).join(''));
  // The real CLI and config, run where the planted tree is the repository.
  const run = spawnSync(
    process.execPath,
    [
      join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      '--config',
      configPath,
      '--output-type',
      'json',
      'src-shared',
      'src-node',
      'src-agent',
      'src-control-plane',
      'src-main',
      'src-renderer',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  violations = report.summary.violations;
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the layering rules', () => {
  it.each(planted.filter((p) => p.breaks !== null))(
    'catch $file with $breaks and no other rule',
    ({ file, breaks }) => {
      const broken = [...new Set(violations.filter((v) => v.from === file).map((v) => v.rule.name))];
      expect(broken).toEqual([breaks]);
    },
  );

  it('allow what the layering allows: the allowed imports break no rule', () => {
    const allowed = planted.filter((p) => p.breaks === null).map((p) => p.file);
    expect(violations.filter((v) => allowed.includes(v.from))).toEqual([]);
  });

  it('each have a planted violation, so a rule cannot be added without one', () => {
    expect([...new Set(planted.map((p) => p.breaks).filter((name) => name !== null))].sort()).toEqual(
      [...ruleNames].sort(),
    );
  });
});
