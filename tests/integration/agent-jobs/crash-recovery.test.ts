import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recoverJobs } from '../../../src-agent/jobs/crash-recovery.js';
import { readJournal } from '../../../src-agent/jobs/job-journal.js';
import { jobPaths } from '../../../src-agent/jobs/job-paths.js';
import {
  isRunning,
  killGroups,
  livingGroup,
  livingGroupMembers,
  newJobId,
  jobCoreDeps,
} from '../../helpers/job-core.js';
import { waitUntil } from '../../helpers/wait-until.js';

const RUN_JOB = fileURLToPath(new URL('../../fixtures/jobs/run-job.ts', import.meta.url));
const leftovers: number[] = [];
afterEach(() => killGroups(leftovers));
const dataDirs: string[] = [];
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('crash recovery after a kill -9 of the agent', () => {
  it('kills what is left of the job’s process group and reports it lost with the spool as it stands', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agent-crash-'));
    dataDirs.push(dataDir);
    const jobId = newJobId();
    const specPath = join(dataDir, 'spec.json');
    writeFileSync(
      specPath,
      JSON.stringify({
        jobId,
        attempt: 2,
        steps: [
          { name: 'first', run: 'echo first done' },
          {
            name: 'stubborn',
            run:
              `trap '' TERM; sh -c 'trap "" TERM; echo $$ > "$PLANASONIX_WORKSPACE/grandchild.pid"; while :; do sleep 1; done' & ` +
              `while [ ! -s "$PLANASONIX_WORKSPACE/grandchild.pid" ]; do sleep 0.05; done; echo ready; while :; do sleep 1; done`,
          },
          { name: 'never', run: 'echo never' },
        ],
      }),
    );
    const agent = spawn(process.execPath, ['--import', 'tsx', RUN_JOB, dataDir, specPath], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const paths = jobPaths(dataDir, jobId);
    await waitUntil(() => existsSync(paths.spool) && readFileSync(paths.spool, 'utf8').includes('ready'), {
      message: 'the step',
    });
    const journal = readJournal(paths.journal);
    const pgid = livingGroup(journal?.pid);
    leftovers.push(pgid);
    const grandchild = Number(readFileSync(join(paths.workspace, 'grandchild.pid'), 'utf8'));

    agent.kill('SIGKILL');
    await new Promise((resolve) => agent.once('close', resolve));
    // The crash left the step's processes running, without their agent.
    expect(livingGroupMembers(pgid)).toContain(grandchild);

    const deps = jobCoreDeps({ dataDir });
    const report = await recoverJobs(deps);

    expect(livingGroupMembers(pgid)).toEqual([]);
    expect(isRunning(grandchild)).toBe(false);
    expect(report.unreadable).toEqual([]);
    const [job] = report.jobs;
    expect(job).toMatchObject({ jobId, attempt: 2, recoveredAs: 'lost', processes: 'killed' });
    expect(job?.result.steps).toEqual([
      { name: 'first', status: 'succeeded', exitCode: 0 },
      { name: 'stubborn', status: 'lost', exitCode: null },
      { name: 'never', status: 'skipped', exitCode: null },
    ]);
    const spool = readFileSync(paths.spool);
    expect(spool.toString()).toMatch(/first done\n[\s\S]*ready\n##\[planasonix\] job lost: /);
    expect(job?.result).toMatchObject({
      status: 'lost',
      logLength: spool.length,
      logSha256: createHash('sha256').update(spool).digest('hex'),
    });
    expect(deps.outbox.pending().map((event) => event.type)).toEqual(['accept', 'start', 'result']);

    // A second start finds the job finished and reported in the outbox: nothing is queued twice.
    const again = await recoverJobs(jobCoreDeps({ dataDir }));
    expect(again.jobs[0]).toMatchObject({ recoveredAs: 'finished', processes: 'none' });
    expect(jobCoreDeps({ dataDir }).outbox.pending()).toHaveLength(3);
  });
});
