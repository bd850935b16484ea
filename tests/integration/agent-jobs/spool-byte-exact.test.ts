import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobExecution } from '../../../src-agent/jobs/job-execution.js';
import { parseJobSpec } from '../../../src-agent/jobs/job-spec.js';
import { newJobId, jobCoreDeps, stepOutput, removeJobCoreDataDirs } from '../../helpers/job-core.js';

afterEach(removeJobCoreDataDirs);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function job(steps: { name: string; run: string; env?: Record<string, string> }[]) {
  return parseJobSpec({ jobId: newJobId(), attempt: 1, steps, cancelGraceSeconds: 1 });
}

describe('spool: the log holds byte for byte what the steps wrote', () => {
  it('50 MB of random bytes: the step’s section of the spool has the SHA-256 of what it wrote', async () => {
    const deps = jobCoreDeps();
    const spec = job([
      { name: 'big', run: 'head -c 50000000 /dev/urandom | tee "$PLANASONIX_WORKSPACE/written.bin"' },
    ]);
    const execution = JobExecution.accept(spec, deps);
    const result = await execution.execute();
    expect(result.status).toBe('succeeded');
    const written = readFileSync(join(execution.paths.workspace, 'written.bin'));
    const spool = readFileSync(execution.paths.spool);
    expect(written.length).toBe(50_000_000);
    expect(sha256(stepOutput(spool, 1))).toBe(sha256(written));
    expect({ length: result.logLength, sha: result.logSha256 }).toEqual({
      length: spool.length,
      sha: sha256(spool),
    });
  });

  it('non-UTF-8 bytes, NULs and CRs on stdout and stderr arrive exactly, in the order written', async () => {
    const deps = jobCoreDeps();
    const spec = job([
      {
        name: 'bytes',
        run: "printf '\\377\\376'; printf '\\200err\\r' >&2; printf '\\000mid'; printf '\\351\\n' >&2; printf 'no newline at end'",
      },
    ]);
    const execution = JobExecution.accept(spec, deps);
    const result = await execution.execute();
    const spool = readFileSync(execution.paths.spool);
    const expected = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x80]),
      Buffer.from('err\r'),
      Buffer.from([0x00]),
      Buffer.from('mid'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from('no newline at end'),
    ]);
    expect(stepOutput(spool, 1)).toEqual(expected);
    expect(spool.toString('latin1')).toContain(
      'no newline at end\n##[planasonix] step 1/1 end status=succeeded',
    );
    expect(result.logSha256).toBe(sha256(spool));
  });

  it('marks step boundaries, sets the job variables, and skips the rest after a failed step', async () => {
    const deps = jobCoreDeps();
    const spec = job([
      {
        name: 'env',
        run: 'echo "$PLANASONIX_JOB_ID $PLANASONIX_STEP_NAME $PLANASONIX_STEP_INDEX $PLANASONIX_ATTEMPT $GREETING"; pwd',
        env: { GREETING: 'hi' },
      },
      { name: 'fails', run: 'echo failing; exit 3' },
      { name: 'never', run: 'echo should not run' },
    ]);
    const execution = JobExecution.accept(spec, deps);
    const result = await execution.execute();
    const spool = readFileSync(execution.paths.spool);
    expect(stepOutput(spool, 1).toString()).toBe(`${spec.jobId} env 1 1 hi\n${execution.paths.workspace}\n`);
    expect(result).toMatchObject({
      status: 'failed',
      exitCode: 3,
      steps: [
        { name: 'env', status: 'succeeded', exitCode: 0 },
        { name: 'fails', status: 'failed', exitCode: 3 },
        { name: 'never', status: 'skipped', exitCode: null },
      ],
    });
    const lines = spool
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('##[planasonix]'));
    expect(lines.map((line) => line.replace(/duration_ms=\d+/, 'duration_ms=N'))).toEqual([
      '##[planasonix] step 1/3 start name="env"',
      `##[planasonix] step 1/3 end status=succeeded exit_code=0 signal=null output_bytes=${stepOutput(spool, 1).length} duration_ms=N`,
      '##[planasonix] step 2/3 start name="fails"',
      '##[planasonix] step 2/3 end status=failed exit_code=3 signal=null output_bytes=8 duration_ms=N',
    ]);
    expect(spool.toString()).not.toContain('should not run');
  });

  it('keeps the workspace until the result is acked, and every file until the log is acked', async () => {
    const deps = jobCoreDeps();
    const execution = JobExecution.accept(job([{ name: 'a', run: 'echo a > file' }]), deps);
    await execution.execute();
    const [accept, start, result] = deps.outbox.pending();
    expect([accept?.type, start?.type, result?.type]).toEqual(['accept', 'start', 'result']);
    expect(execution.logAcked()).toBe(false);
    deps.outbox.ack(result?.id ?? '');
    expect(execution.resultAcked()).toBe(true);
    expect(existsSync(execution.paths.workspace)).toBe(false);
    expect(existsSync(execution.paths.spool)).toBe(true);
    expect(execution.logAcked()).toBe(true);
    expect(existsSync(execution.paths.stateDir)).toBe(false);
    expect(execution.jobState.phase).toBe('cleaned');
  });
});
