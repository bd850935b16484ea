import { join } from 'node:path';
import { JOB_ID_PATTERN } from '../../src-shared/ids.js';

/**
 * Where a job's files live under the agent's data folder. The workspace (what steps may scribble
 * on) is apart from the job's state (journal, spool), so a step that empties its working folder
 * cannot erase the log or the record of its own process group.
 *
 *   <data>/work/<job_id>/          workspace, the steps' working directory
 *   <data>/jobs/<job_id>/journal.json
 *   <data>/jobs/<job_id>/output.log   the spool
 *   <data>/outbox/                 events waiting for the server's ack
 */
export interface JobPaths {
  workspace: string;
  stateDir: string;
  journal: string;
  spool: string;
}

export function jobPaths(dataDir: string, jobId: string): JobPaths {
  // The id becomes a folder name: only the strict id shape, so nothing like `../` reaches a path.
  if (!JOB_ID_PATTERN.test(jobId)) throw new Error(`not a job id: ${JSON.stringify(jobId)}`);
  const stateDir = join(dataDir, 'jobs', jobId);
  return {
    workspace: join(dataDir, 'work', jobId),
    stateDir,
    journal: join(stateDir, 'journal.json'),
    spool: join(stateDir, 'output.log'),
  };
}

export function jobsStateRoot(dataDir: string): string {
  return join(dataDir, 'jobs');
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}
