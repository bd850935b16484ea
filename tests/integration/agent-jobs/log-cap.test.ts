import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobExecution } from '../../../src-agent/jobs/job-execution.js';
import { parseJobSpec } from '../../../src-agent/jobs/job-spec.js';
import { newJobId, jobCoreDeps, stepOutput, removeJobCoreDataDirs } from '../../helpers/job-core.js';

afterEach(removeJobCoreDataDirs);

const CAP = 1024 * 1024;

describe('log cap', () => {
  it('keeps the first cap bytes, writes one visible marker, drops the rest, and lets the job run on', async () => {
    const deps = jobCoreDeps({ logCapBytes: CAP });
    const spec = parseJobSpec({
      jobId: newJobId(),
      attempt: 1,
      steps: [
        { name: 'loud', run: 'head -c 5000000 /dev/urandom | tee "$PLANASONIX_WORKSPACE/written.bin"' },
        { name: 'after', run: 'echo dropped too; touch "$PLANASONIX_WORKSPACE/after-ran"' },
      ],
    });
    const execution = JobExecution.accept(spec, deps);
    const result = await execution.execute();
    const spool = readFileSync(execution.paths.spool);
    const written = readFileSync(join(execution.paths.workspace, 'written.bin'));

    expect(result).toMatchObject({ status: 'succeeded', logTruncated: true, logLength: spool.length });
    expect(readFileSync(join(execution.paths.workspace, 'after-ran'))).toHaveLength(0);
    expect(stepOutput(spool, 1)).toEqual(written.subarray(0, CAP));
    const markers = spool.toString('latin1').match(/##\[planasonix\] output truncated: [^\n]*\n/g);
    expect(markers).toEqual([
      "##[planasonix] output truncated: the job's log cap of 1048576 bytes was reached; further output is dropped\n",
    ]);
    expect(spool.toString('latin1')).not.toContain('dropped too');
    expect(spool.toString('latin1')).toMatch(
      /step 2\/2 end status=succeeded exit_code=0 signal=null output_bytes=0/,
    );
    expect(spool.length).toBeLessThan(CAP + 1024);
  });
});
