import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src-shared/jobs-api/jobs.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import {
  connectScriptedAgent,
  enrollScriptedAgent,
  type ScriptedAgent,
} from '../../helpers/scripted-agent.js';
import { logChunk, nextOfType, resultMessage, startMessage } from '../../helpers/scripted-agent-jobs.js';
import { waitUntil } from '../../helpers/wait-until.js';

/**
 * A burst of log chunks sent without waiting for acks, as an agent ships its window: the control
 * plane may store chunks that wait together as one append, yet every chunk gets the answer it
 * would have got alone, in order, and the stored log is byte-exact.
 */
const cp = controlPlanePerFile({ args: ['--heartbeat-interval', '1'] });
const api = cp.api;

const open: ScriptedAgent[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

/** A fresh agent on its own connection, holding a job it has started. */
async function runningJob(
  name: string,
): Promise<{ connection: ScriptedAgent; jobId: string; epoch: number }> {
  const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
  const connection = await connectScriptedAgent(cp.url, agentId, identity);
  open.push(connection);
  const created = await api('/v1/jobs', {
    method: 'POST',
    body: { name, steps: [{ name: 'only', run: 'true' }], target: { agent_id: agentId } },
  });
  const jobId = (dataOf(created) as Job).id;
  const { epoch } = await nextOfType(connection, 'job_assign');
  connection.send(startMessage(jobId, epoch));
  await nextOfType(connection, 'job_event_ack');
  return { connection, jobId, epoch };
}

describe('log chunks in a burst', () => {
  it('answers each chunk as if alone: a resend overlapping stored bytes refused, the new one after it stored', async () => {
    const { connection, jobId, epoch } = await runningJob('burst');

    const chunks = Array.from({ length: 12 }, (_, i) =>
      Buffer.concat([Buffer.from([0xff, i]), randomBytes(3000 + i)]),
    );
    const offsets: number[] = [];
    let end = 0;
    for (const chunk of chunks) {
      offsets.push(end);
      end += chunk.length;
    }
    const endOf = (i: number) => offsets[i]! + chunks[i]!.length;
    // Chunks 0-9, then 8 and 9 again (a resend after a lost ack) followed by 10, then 11 past a gap.
    const sent = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 8, 9, 10];
    for (const i of sent) connection.send(logChunk(jobId, epoch, offsets[i]!, chunks[i]!));
    connection.send(logChunk(jobId, epoch, endOf(11) + 5, Buffer.from('gap')));
    const expected = [
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({ accepted: true, next_offset: endOf(i) })),
      { accepted: false, next_offset: endOf(9) },
      { accepted: false, next_offset: endOf(9) },
      { accepted: true, next_offset: endOf(10) },
      { accepted: false, next_offset: endOf(10) },
    ];
    for (const answer of expected) {
      expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({ ...answer, lease_void: false });
    }
    connection.send(logChunk(jobId, epoch, endOf(10), chunks[11]!));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({ accepted: true, next_offset: end });

    const log = Buffer.concat(chunks);
    connection.send(resultMessage(jobId, epoch, log));
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'recorded' });
    expect(dataOf(await api(`/v1/jobs/${jobId}`))).toMatchObject({
      status: 'succeeded',
      error: null,
      log_bytes: end,
    });
    const stored = await fetch(`${cp.url}/v1/jobs/${jobId}/logs`, {
      headers: { authorization: `Bearer ${cp.apiKey}` },
    });
    expect(Buffer.from(await stored.arrayBuffer()).equals(log)).toBe(true);
  });

  it('holds a result that comes before the last bytes, and applies it once they are stored', async () => {
    const { connection, jobId, epoch } = await runningJob('early result');
    const log = Buffer.concat([Buffer.from('first part\n'), randomBytes(5000)]);
    connection.send(logChunk(jobId, epoch, 0, log.subarray(0, 11)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({ accepted: true, next_offset: 11 });
    connection.send(resultMessage(jobId, epoch, log));
    expect(await nextOfType(connection, 'job_event_ack')).toMatchObject({ outcome: 'recorded' });
    expect(dataOf(await api(`/v1/jobs/${jobId}`))).toMatchObject({ status: 'running' });
    connection.send(logChunk(jobId, epoch, 11, log.subarray(11)));
    expect(await nextOfType(connection, 'job_log_ack')).toMatchObject({
      accepted: true,
      next_offset: log.length,
    });
    // The ack goes out before the held result is applied: poll (bounded) for the final status.
    const job = await waitUntil(async () => dataOf(await api(`/v1/jobs/${jobId}`)) as Job, {
      until: (j) => j.status !== 'running',
      message: 'the job ended',
    });
    expect(job).toMatchObject({ status: 'succeeded', error: null, log_bytes: log.length });
  });
});
