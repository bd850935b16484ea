import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Job } from '../../src-shared/jobs-api/jobs.js';
import type { ControlPlaneForAgents } from './control-plane-for-agents.js';
import { dataOf } from './control-plane-client.js';
import { makeAgentDataDir, startRealAgent, type RealAgentProcess } from './real-agent-process.js';
import { waitUntil } from './wait-until.js';

/**
 * Jobs end to end: the real agent process enrolled with a real control plane, and the REST calls a test makes
 * to submit a job, wait for its end and read its log as stored.
 */
export const FINISHED = ['succeeded', 'failed', 'cancelled', 'timed_out', 'lost'];

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Registers an agent and starts the real agent process with its token: resolves once it has enrolled
 * and holds its session. The caller stops the process.
 */
export async function enrollRealAgent(
  plane: ControlPlaneForAgents,
  options: { label?: string; dataDir?: string; args?: string[] } = {},
): Promise<{ agent: RealAgentProcess; agentId: string; dataDir: string }> {
  const { id, token } = await plane.register(options.label ?? 'jobs-e2e');
  const dataDir = options.dataDir ?? makeAgentDataDir();
  const agent = startRealAgent({
    args: ['run', '--api-host', plane.cp.url, '--data-dir', dataDir, ...(options.args ?? [])],
    env: { PLANASONIX_ENROLLMENT_TOKEN: token },
  });
  await agent.waitForLog((l) => l.msg === 'session established', 20_000);
  return { agent, agentId: id, dataDir };
}

export interface StepInput {
  name: string;
  run: string;
  env?: Record<string, string>;
  timeout_seconds?: number;
}

export async function submitJob(
  plane: ControlPlaneForAgents,
  agentId: string,
  steps: StepInput[],
  extra: Record<string, unknown> = {},
): Promise<Job> {
  const res = await plane.api('/v1/jobs', {
    method: 'POST',
    body: { name: 'e2e', steps, target: { agent_id: agentId }, ...extra },
  });
  if (res.status !== 201) throw new Error(`POST /v1/jobs answered ${res.status}: ${res.text}`);
  return dataOf(res) as Job;
}

export async function getJob(plane: ControlPlaneForAgents, jobId: string): Promise<Job> {
  return dataOf(await plane.api(`/v1/jobs/${jobId}`)) as Job;
}

/** Polls until the job's status is one of `statuses` (by default any final one). */
export function waitForJob(
  plane: ControlPlaneForAgents,
  jobId: string,
  statuses: string[] = FINISHED,
  timeoutMs = 15_000,
): Promise<Job> {
  return waitUntil(() => getJob(plane, jobId), {
    until: (job) => statuses.includes(job.status),
    message: `job ${jobId} in ${statuses.join('|')}`,
    timeoutMs,
  });
}

/**
 * Polls every 10 ms (bounded) until the job is final: for benches, where `waitForJob`'s probe
 * interval would blur the time measured.
 */
export function finishedJob(plane: ControlPlaneForAgents, jobId: string, timeoutMs: number): Promise<Job> {
  return waitUntil(() => getJob(plane, jobId), {
    until: (job) => FINISHED.includes(job.status),
    message: `job ${jobId} finished`,
    timeoutMs,
    intervalMs: 10,
  });
}

/** The stored log, byte for byte. */
export async function jobLog(plane: ControlPlaneForAgents, jobId: string): Promise<Buffer> {
  const res = await fetch(`${plane.cp.url}/v1/jobs/${jobId}/logs`, {
    headers: { authorization: `Bearer ${plane.cp.apiKey}` },
  });
  if (res.status !== 200) throw new Error(`GET logs answered ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The pid a step wrote into a file (its shell's, which leads its process group), once it has. */
export function readPid(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}
