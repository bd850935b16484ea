import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  env?: Record<string, string>;
  needs?: string;
  strategy?: {
    matrix: { os?: string[]; include?: Record<string, string>[] };
  };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const workflow = (name: string) =>
  parse(readFileSync(new URL(`../.github/workflows/${name}.yml`, import.meta.url), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));
const stepNamed = (job: Job, pattern: RegExp) => job.steps.find((step) => pattern.test(step.name ?? ''));

describe('CI workflow', () => {
  const ci = workflow('ci');
  const job = ci.jobs.test as Job;

  it('runs npm ci and npm test on Linux, Windows and macOS with Node 20', () => {
    expect(job.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
    expect(node?.with?.['node-version']).toBe(20);
    expect(runs(job)).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm test']));
  });

  describe('desktop job', () => {
    const desktop = ci.jobs.desktop as Job;
    const include = desktop.strategy?.matrix.include ?? [];

    it('runs npm run test:electron on ubuntu, windows and macos, failing if Electron is missing', () => {
      expect(new Set(include.map((entry) => entry.os))).toEqual(
        new Set(['ubuntu-latest', 'windows-latest', 'macos-latest']),
      );
      expect(desktop['runs-on']).toBe('${{ matrix.os }}');
      expect(desktop.env?.PLANASONIX_REQUIRE_ELECTRON).toBe('1');
      expect(runs(desktop)).toContain('npx --no install-electron');
      expect(runs(desktop).filter((run) => run.includes('npm run test:electron'))).toHaveLength(2);
    });

    it('runs Linux under xvfb-run with a D-Bus session, once with a secret service and once without', () => {
      const linux = include.filter((entry) => entry.os === 'ubuntu-latest');
      expect(linux.map((entry) => [entry['secret-service'], entry['secrets-backend']])).toEqual([
        ['gnome-keyring', 'safe_storage'],
        ['none', 'basic_text'],
      ]);
      const step = stepNamed(desktop, /^Desktop tests \(Linux/);
      expect(step?.if).toBe("runner.os == 'Linux'");
      expect(step?.run).toMatch(/xvfb-run --auto-servernum -- dbus-run-session -- bash/);
      expect(step?.run).toMatch(/gnome-keyring-daemon --unlock --components=secrets/);
      expect(step?.run).toContain('npm run test:electron');
      expect(desktop.env?.PLANASONIX_EXPECT_SECRETS_BACKEND).toBe('${{ matrix.secrets-backend }}');
    });
  });
});

describe('release workflow', () => {
  const release = workflow('release');
  const job = release.jobs.package as Job;
  const smoke = (os: string) => job.steps.find((step) => step.if === `matrix.name == '${os}'`);

  it('builds each package on its own OS, with the targets electron-builder.yml names', () => {
    expect(job.strategy?.matrix.include?.map(({ os, targets }) => [os, targets])).toEqual([
      ['ubuntu-latest', '--linux'],
      ['windows-latest', '--win'],
      ['macos-latest', '--mac'],
    ]);
    expect(runs(job).some((run) => run.includes('electron-builder ${{ matrix.targets }}'))).toBe(true);
    for (const script of ['npm run build:desktop', 'npm run build:renderer', 'npm run icons']) {
      expect(runs(job).some((run) => run.includes(script))).toBe(true);
    }
    expect(runs(job).some((run) => run.includes('node build/deb-changelog.mjs'))).toBe(true);
  });

  it('installs the .deb with apt-get, passes lintian without errors, and reaches the window under Xvfb', () => {
    const run = smoke('linux')?.run ?? '';
    expect(run).toMatch(/lintian --fail-on error/);
    expect(run).toMatch(/sudo apt-get install -y "\.\/\$deb"/);
    expect(run).toMatch(
      /xvfb-run .*scripts\/smoke-installed-app\.ts "\/opt\/Planasonix Agent\/planasonix-agent"/,
    );
  });

  it('installs the .msi with msiexec /qn and the enrollment properties, and the .dmg into /Applications', () => {
    expect(smoke('windows')?.run).toMatch(/scripts\/release-smoke\.ts windows .*\.msi/);
    expect(smoke('macos')?.run).toMatch(/scripts\/release-smoke\.ts macos .*\.dmg/);
    const script = readFileSync(new URL('../scripts/release-smoke.ts', import.meta.url), 'utf8');
    for (const expected of [
      "'/qn'",
      'PLANASONIX_API_HOST=',
      'PLANASONIX_AGENT_ID=',
      'PLANASONIX_ENROLLMENT_TOKEN_FILE=',
      "'/x'",
      'install.sh',
      'codesign',
    ]) {
      expect(script).toContain(expected);
    }
  });

  it('takes signing material from repository secrets only', () => {
    const text = readFileSync(new URL('../.github/workflows/release.yml', import.meta.url), 'utf8');
    const signing = job.steps.find((step) => step.env?.WINDOWS_CSC_LINK);
    for (const value of Object.values(signing?.env ?? {})) {
      expect(value).toMatch(/^\$\{\{ (secrets|vars)\.[A-Z0-9_]+ \}\}$/);
    }
    expect(text).not.toMatch(/-----BEGIN|password:\s*['"]?\w/i);
  });

  it('uploads the artifacts, and publishes only what every smoke test passed', () => {
    expect(job.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    expect(release.jobs.publish?.needs).toBe('package');
  });
});
