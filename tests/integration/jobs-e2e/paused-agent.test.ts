import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eCleanup } from './e2e-cleanup.js';
import { startControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { getJob, enrollRealAgent, submitJob, waitForJob } from '../../helpers/real-agent-jobs.js';
import { startRealAgent } from '../../helpers/real-agent-process.js';
import { afterASchedulerPass } from '../../helpers/scheduler-pass.js';

const cleanup = new E2eCleanup();

afterEach(() => cleanup.undo());

describe('a paused standalone agent (first SIGTERM while a job runs)', () => {
  it('gets no new work, lets its running job finish, and takes the waiting job once it runs again', async () => {
    const plane = await startControlPlaneForAgents({ heartbeatSeconds: 1, args: ['--job-lease', '5'] });
    cleanup.add(() => plane.cp.stop());
    const scratch = cleanup.scratch('jobs-e2e-pause-');
    // Two slots: the waiting job is refused for the pause, not for want of a slot.
    const { agent, agentId, dataDir } = await enrollRealAgent(plane, { args: ['--job-slots', '2'] });
    cleanup.agent({ agent, dataDir });
    const ended = join(scratch, 'ended');
    const running = await submitJob(plane, agentId, [
      { name: 'long', run: 'sleep 3; echo finished > "$ENDED"', env: { ENDED: ended } },
    ]);
    await waitForJob(plane, running.id, ['running']);

    process.kill(agent.pid, 'SIGTERM');
    await agent.waitForLog((l) => l.msg.startsWith('received SIGTERM: no new jobs'), 5_000);
    const waiting = await submitJob(plane, agentId, [{ name: 'later', run: 'echo later' }]);
    // A scheduler pass goes by while the agent is connected with a free slot.
    await afterASchedulerPass(plane);
    expect(await getJob(plane, waiting.id)).toMatchObject({ status: 'queued', agent_id: null });

    expect(await waitForJob(plane, running.id, undefined, 10_000)).toMatchObject({
      status: 'succeeded',
      exit_code: 0,
    });
    expect(readFileSync(ended, 'utf8')).toBe('finished\n');
    expect(await agent.waitForExit(10_000)).toEqual({ code: 0, signal: null });
    expect(await getJob(plane, waiting.id)).toMatchObject({ status: 'queued', agent_id: null });

    // Running again (same data folder, already enrolled) it accepts work: the waiting job runs.
    const again = startRealAgent({ args: ['run', '--data-dir', dataDir, '--job-slots', '2'] });
    cleanup.add(() => again.stop(5_000));
    expect(await waitForJob(plane, waiting.id, undefined, 15_000)).toMatchObject({
      status: 'succeeded',
      agent_id: agentId,
      attempt: 1,
    });
  }, 45_000);
});
