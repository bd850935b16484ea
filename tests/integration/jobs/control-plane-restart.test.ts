import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job } from '../../../src-shared/jobs-api/jobs.js';
import { apiClient, dataOf } from '../../helpers/control-plane-client.js';
import {
  makeTempDataDir,
  startControlPlaneProcess,
  type ControlPlaneProcess,
} from '../../helpers/control-plane-process.js';
import { connectScriptedAgent, enrollScriptedAgent } from '../../helpers/scripted-agent.js';
import { logChunk, nextOfType, resultMessage, startMessage } from '../../helpers/scripted-agent-jobs.js';

const dataDir = makeTempDataDir();
const apiKey = `test-bootstrap-restart-${Date.now()}-abcdefgh`;
const started: ControlPlaneProcess[] = [];
const args = ['--heartbeat-interval', '1', '--job-lease', '3'];

afterAll(async () => {
  for (const cp of started) await cp.stop({ keepDataDir: true });
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<ControlPlaneProcess> {
  const cp = await startControlPlaneProcess({ dataDir, apiKey, args });
  started.push(cp);
  return cp;
}

describe('a control plane killed mid-job', () => {
  it('keeps the lease, resumes the log at the stored offset and records the result once', async () => {
    const first = await start();
    const { agentId, identity } = await enrollScriptedAgent(first.url, apiKey);
    let connection = await connectScriptedAgent(first.url, agentId, identity);
    const created = await apiClient(first.url, apiKey)('/v1/jobs', {
      method: 'POST',
      body: { name: 'survives', steps: [{ name: 'only', run: 'true' }], target: { agent_id: agentId } },
    });
    const jobId = (dataOf(created) as Job).id;
    const { epoch } = await nextOfType(connection, 'job_assign');
    connection.send(startMessage(jobId, epoch));
    await nextOfType(connection, 'job_event_ack');
    const log = Buffer.from('before the kill\nafter the restart\n');
    connection.send(logChunk(jobId, epoch, 0, log.subarray(0, 16)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({ accepted: true, next_offset: 16 });

    first.kill('SIGKILL');
    await first.exited;
    await connection.closed;
    // Down for longer than the lease: the restarted server must not give the job away for that.
    await new Promise((resolve) => setTimeout(resolve, 3500));

    const second = await start();
    connection = await connectScriptedAgent(second.url, agentId, identity);
    connection.send({ type: 'job_reconcile', jobs: [{ job_id: jobId, epoch }] });
    const reconciled = await nextOfType(connection, 'job_reconcile_result');
    expect(reconciled.jobs).toEqual([
      { job_id: jobId, epoch, lease: 'stands', next_offset: 16, cancel: false },
    ]);
    connection.send(logChunk(jobId, epoch, 16, log.subarray(16)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({
      accepted: true,
      next_offset: log.length,
    });
    const result = resultMessage(jobId, epoch, log);
    connection.send(result);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'recorded' });
    connection.send(result);
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'duplicate' });

    const api = apiClient(second.url, apiKey);
    expect(dataOf(await api(`/v1/jobs/${jobId}`))).toMatchObject({
      status: 'succeeded',
      attempt: 1,
      error: null,
    });
    const stored = await fetch(`${second.url}/v1/jobs/${jobId}/logs`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(Buffer.from(await stored.arrayBuffer()).equals(log)).toBe(true);
    await connection.close();
  });
});
