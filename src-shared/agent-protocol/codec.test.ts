import { describe, expect, it } from 'vitest';
import { decodeAgentMessage, decodeServerMessage, encodeMessage } from './codec.js';
import type { AgentMessage, ServerMessage } from './messages.js';

const AGENT_ID = 'agt_01jq8p4d01aaaaaaaaaaaaaaaa';
const SIGNATURE = `${'A'.repeat(85)}g`;
const NONCE = `${'b'.repeat(42)}A`;

const heartbeat: AgentMessage = {
  type: 'heartbeat',
  seq: 3,
  cpu_percent: 34.2,
  memory_percent: 61,
  disk_free_gb: 412.5,
  active_jobs: 2,
  queue_depth: 0,
  last_error: null,
};

describe('decodeAgentMessage', () => {
  it('round-trips every agent message type', () => {
    const messages: AgentMessage[] = [
      { type: 'auth', agent_id: AGENT_ID, signature: SIGNATURE, version: '2.14.3', capabilities: ['spark'] },
      heartbeat,
      { type: 'capabilities', version: '2.14.4', capabilities: ['python_3_11', 'node_20'] },
    ];
    for (const message of messages) {
      expect(decodeAgentMessage(encodeMessage(message))).toEqual({ ok: true, message });
    }
  });

  it('keeps unknown fields so a newer agent is understood', () => {
    const result = decodeAgentMessage(JSON.stringify({ ...heartbeat, gpu_percent: 12 }));
    expect(result).toEqual({ ok: true, message: { ...heartbeat, gpu_percent: 12 } });
  });

  it('tells malformed frames, unknown types and invalid fields apart', () => {
    expect(decodeAgentMessage('{nope')).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeAgentMessage('[1,2]')).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeAgentMessage('null')).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeAgentMessage('{"type":7}')).toMatchObject({ ok: false, code: 'malformed_frame' });
    expect(decodeAgentMessage('{"type":"pipeline_result"}')).toMatchObject({
      ok: false,
      code: 'unknown_type',
      type: 'pipeline_result',
    });
    expect(decodeAgentMessage(JSON.stringify({ ...heartbeat, cpu_percent: 140 }))).toMatchObject({
      ok: false,
      code: 'invalid_message',
      type: 'heartbeat',
      message: expect.stringMatching(/^cpu_percent: /) as unknown,
    });
  });

  it('does not take a server message from an agent', () => {
    expect(decodeAgentMessage('{"type":"welcome"}')).toMatchObject({ ok: false, code: 'unknown_type' });
  });

  it('clips a huge unknown type in its error text', () => {
    const result = decodeAgentMessage(JSON.stringify({ type: 'x'.repeat(10_000) }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeLessThan(120);
  });
});

describe('decodeServerMessage', () => {
  it('round-trips every server message type', () => {
    const intent = { accepting_work: true };
    const messages: ServerMessage[] = [
      {
        type: 'hello',
        protocol_version: 1,
        nonce: NONCE,
        server_time: '2026-11-28T16:00:00Z',
        auth_timeout_ms: 10_000,
      },
      {
        type: 'welcome',
        session_id: 'ses_1',
        agent_id: AGENT_ID,
        heartbeat_interval_seconds: 20,
        server_time: '2026-11-28T16:00:00Z',
        intent,
      },
      { type: 'heartbeat_ack', seq: 1, server_time: '2026-11-28T16:00:00Z', intent },
      { type: 'error', code: 'unknown_type', message: 'type: unknown message type "x"' },
    ];
    for (const message of messages) {
      expect(decodeServerMessage(encodeMessage(message))).toEqual({ ok: true, message });
    }
  });

  it('keeps intent fields it does not know yet', () => {
    const frame = JSON.stringify({
      type: 'heartbeat_ack',
      seq: 1,
      server_time: '2026-11-28T16:00:00Z',
      intent: { accepting_work: false, assign: [] },
    });
    const result = decodeServerMessage(frame);
    expect(result.ok && result.message.type === 'heartbeat_ack' && result.message.intent).toEqual({
      accepting_work: false,
      assign: [],
    });
  });
});
