import type { ControlPlaneForAgents } from './control-plane-for-agents.js';
import { submitJob } from './real-agent-jobs.js';
import { connectScriptedAgent, enrollScriptedAgent } from './scripted-agent.js';
import { nextOfType } from './scripted-agent-jobs.js';

/**
 * Orders a negative about queued jobs without sleeping: submits a probe job to a scripted agent of
 * its own and waits until the probe is assigned. The scheduler plans every queued job in one pass,
 * oldest first, so a job submitted before the probe that is still queued once the probe is assigned
 * was looked at and passed over, not merely not reached yet.
 */
export async function afterASchedulerPass(plane: ControlPlaneForAgents): Promise<void> {
  const { agentId, identity } = await enrollScriptedAgent(plane.cp.url, plane.cp.apiKey);
  const connection = await connectScriptedAgent(plane.cp.url, agentId, identity);
  try {
    const probe = await submitJob(plane, agentId, [{ name: 'probe', run: 'echo probe' }]);
    await nextOfType(connection, 'job_assign', 15_000, (assign) => assign.job_id === probe.id);
  } finally {
    await connection.close();
  }
}
