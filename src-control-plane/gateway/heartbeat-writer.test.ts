import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HeartbeatMessage } from '../../src-shared/agent-protocol/index.js';
import { HeartbeatWriter } from './heartbeat-writer.js';
import type { HeartbeatRecord } from './session-store.js';

function beat(seq: number): HeartbeatMessage {
  return {
    type: 'heartbeat',
    seq,
    cpu_percent: 1,
    memory_percent: 2,
    disk_free_gb: 3,
    active_jobs: 0,
    queue_depth: 0,
    last_error: null,
  };
}

describe('HeartbeatWriter', () => {
  afterEach(() => vi.useRealTimers());

  it('writes the latest heartbeat per agent, once per flush interval', async () => {
    vi.useFakeTimers();
    const batches: (readonly HeartbeatRecord[])[] = [];
    const writer = new HeartbeatWriter(
      (batch) => {
        batches.push(batch);
        return Promise.resolve();
      },
      250,
      (error) => {
        throw error;
      },
    );
    writer.record({ agentId: 'a', sessionId: 'ses_1', at: 1, heartbeat: beat(1) });
    writer.record({ agentId: 'b', sessionId: 'ses_1', at: 2, heartbeat: beat(1) });
    writer.record({ agentId: 'a', sessionId: 'ses_1', at: 3, heartbeat: beat(2) });
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(250);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((r) => [r.agentId, r.heartbeat.seq])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toHaveLength(1);
  });

  it('reports a failed write and keeps working', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const written: string[] = [];
    const writer = new HeartbeatWriter(
      (batch) => {
        if (fail) return Promise.reject(new Error('disk full'));
        written.push(...batch.map((r) => r.agentId));
        return Promise.resolve();
      },
      10_000,
      (error) => errors.push(error),
    );
    writer.record({ agentId: 'a', sessionId: 'ses_1', at: 1, heartbeat: beat(1) });
    await writer.flush();
    fail = false;
    writer.record({ agentId: 'b', sessionId: 'ses_1', at: 2, heartbeat: beat(1) });
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(written).toEqual(['b']);
  });
});
