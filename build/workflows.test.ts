import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  strategy?: { matrix: { os?: string[]; include?: { name: string; os: string; targets: string }[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const workflow = (name: string) =>
  parse(readFileSync(new URL(`../.github/workflows/${name}.yml`, import.meta.url), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));

describe('CI workflow', () => {
  const job = workflow('ci').jobs.test;

  it('runs npm ci and npm test on Linux, Windows and macOS with Node 20', () => {
    expect(job?.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const node = job?.steps.find((step) => step.uses?.startsWith('actions/setup-node'));
    expect(node?.with?.['node-version']).toBe(20);
    expect(runs(job as Job)).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm test']));
  });
});

describe('release workflow', () => {
  const release = workflow('release');
  const job = release.jobs.package as Job;

  it('builds each package on its own OS', () => {
    expect(job.strategy?.matrix.include?.map(({ os, targets }) => [os, targets])).toEqual([
      ['ubuntu-latest', '--linux deb'],
      ['windows-latest', '--win msi'],
      ['macos-latest', '--mac dmg zip'],
    ]);
    expect(runs(job).some((run) => run.includes('electron-builder ${{ matrix.targets }}'))).toBe(true);
    for (const script of ['build:desktop', 'build:renderer', 'icons']) {
      expect(runs(job).some((run) => run.includes(`npm run ${script}`))).toBe(true);
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

  it('uploads the artifacts', () => {
    expect(job.steps.some((step) => step.uses?.startsWith('actions/upload-artifact'))).toBe(true);
  });
});
