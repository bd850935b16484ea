import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../../src-shared/agent-protocol/index.js';
import { startControlPlaneProcess } from '../../helpers/control-plane-process.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import {
  ScriptedAgent,
  connectScriptedAgent,
  enrollScriptedAgent,
  heartbeatMessage,
  httpJson,
  newIdentity,
} from '../../helpers/scripted-agent.js';
import { waitUntil } from '../../helpers/wait-until.js';

const cp = controlPlanePerFile({ args: ['--heartbeat-interval', '1'] });

async function get(path: string): Promise<{ status: number; data: unknown }> {
  const answer = await httpJson(cp.url, 'GET', path, { bearer: cp.apiKey });
  return { status: answer.status, data: (answer.body as { data: unknown }).data };
}

describe('agent session', () => {
  it('welcomes a signed agent; health, detail and connected reflect what it reports', async () => {
    const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const before = await get(`/api/agents/${agentId}/health`);
    expect(before.data).toMatchObject({ status: 'no_heartbeat', cpu_percent: null });

    const connection = await ScriptedAgent.open(cp.url);
    const welcome = await connection.authenticate(agentId, identity);
    expect(welcome).toMatchObject({
      type: 'welcome',
      agent_id: agentId,
      heartbeat_interval_seconds: 1,
      intent: { accepting_work: true },
    });
    connection.send(
      heartbeatMessage(1, { cpu_percent: 34.2, memory_percent: 61, disk_free_gb: 412.5, active_jobs: 2 }),
    );
    expect(await connection.next()).toMatchObject({
      type: 'heartbeat_ack',
      seq: 1,
      intent: { accepting_work: true },
    });

    const health = await waitUntil(() => get(`/api/agents/${agentId}/health`), {
      until: (h) => (h.data as { status: string }).status === 'healthy',
      message: 'health healthy',
    });
    expect(health.data).toMatchObject({
      agent_id: agentId,
      status: 'healthy',
      heartbeat_at: expect.stringMatching(/Z$/) as unknown,
      cpu_percent: 34.2,
      memory_percent: 61,
      disk_free_gb: 412.5,
      // The control plane's own job counts, not what the heartbeat said: this agent holds no job.
      active_jobs: 0,
      queue_depth: 0,
      last_error: null,
    });
    const detail = await get(`/api/agents/${agentId}`);
    expect(detail.data).toMatchObject({ version: '0.1.0-test', capabilities: ['node_20', 'python_3_11'] });
    const connected = (await get('/api/agents/connected')).data as { id: string }[];
    expect(connected.find((a) => a.id === agentId)).toMatchObject({
      connected_since: expect.stringMatching(/Z$/) as unknown,
      remote_ip: '127.0.0.1',
    });

    connection.send(heartbeatMessage(2, { memory_percent: 90, last_error: 'job 7 failed: exit 1' }));
    await connection.next();
    const degraded = await waitUntil(() => get(`/api/agents/${agentId}/health`), {
      until: (h) => (h.data as { status: string }).status === 'degraded',
      message: 'health degraded',
    });
    expect(degraded.data).toMatchObject({ status: 'degraded', last_error: 'job 7 failed: exit 1' });

    await connection.close();
    const after = await waitUntil(() => get('/api/agents/connected'), {
      until: (c) => !(c.data as { id: string }[]).some((a) => a.id === agentId),
      message: 'the agent gone from /connected',
    });
    expect((after.data as { id: string }[]).map((a) => a.id)).not.toContain(agentId);
    expect(connection.unreadable).toEqual([]);
  });

  it('dates a last_error from when it first appeared, not from each heartbeat that repeats it', async () => {
    const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const connection = await connectScriptedAgent(cp.url, agentId, identity);
    const db = openPlaneDatabase(cp);
    const errorAt = async (seq: number, lastError: string | null) => {
      connection.send(heartbeatMessage(seq, { last_error: lastError }));
      await connection.next();
      const read = async () => {
        const [row] = await db.all<{ last_error: string | null; last_error_at: number | null }>(
          'select last_error, last_error_at from agents where id = ?',
          agentId,
        );
        if (row === undefined) throw new Error(`agent ${agentId} is gone`);
        return row;
      };
      const row = await waitUntil(read, {
        until: (r) => r.last_error === lastError,
        message: `last_error ${lastError} stored`,
      });
      return row.last_error_at;
    };
    try {
      const first = await errorAt(1, 'disk full');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await errorAt(2, 'disk full')).toBe(first);
      const other = await errorAt(3, 'network down');
      expect(other).toBeGreaterThan(first ?? Infinity);
      expect(await errorAt(4, null)).toBeNull();
    } finally {
      await db.close();
      await connection.close();
    }
  });

  it.each([
    {
      action: 'revoke',
      method: 'POST',
      path: (id: string) => `/api/agents/revoke/${id}`,
      status: 200,
      close: 'revoked',
    },
    {
      action: 'delete',
      method: 'DELETE',
      path: (id: string) => `/api/agents/${id}`,
      status: 204,
      close: 'deregistered',
    },
  ] as const)(
    'closes the session within a second of a $action with $close, then refuses the old key',
    async (c) => {
      const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
      const connection = await connectScriptedAgent(cp.url, agentId, identity);
      const asked = Date.now();
      expect((await httpJson(cp.url, c.method, c.path(agentId), { bearer: cp.apiKey })).status).toBe(
        c.status,
      );
      expect((await connection.closed).code).toBe(CLOSE_CODES[c.close].code);
      expect(Date.now() - asked).toBeLessThan(1000);

      const again = await ScriptedAgent.open(cp.url);
      expect(await again.authenticate(agentId, identity)).toBeNull();
      expect((await again.closed).code).toBe(CLOSE_CODES[c.close].code);
    },
  );

  it('lets a second session with the same key supersede the first', async () => {
    const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const first = await connectScriptedAgent(cp.url, agentId, identity);
    const second = await connectScriptedAgent(cp.url, agentId, identity);
    expect((await first.closed).code).toBe(CLOSE_CODES.superseded.code);
    second.send(heartbeatMessage(1));
    expect(await second.next()).toMatchObject({ type: 'heartbeat_ack', seq: 1 });
    const connected = (await get('/api/agents/connected')).data as { id: string }[];
    expect(connected.map((a) => a.id)).toContain(agentId);
    await second.close();
  });

  it('refuses a signature by another key, and an agent id nobody enrolled', async () => {
    const { agentId } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const impostor = await ScriptedAgent.open(cp.url);
    expect(await impostor.authenticate(agentId, newIdentity())).toBeNull();
    expect((await impostor.closed).code).toBe(CLOSE_CODES.auth_failed.code);

    const stranger = await ScriptedAgent.open(cp.url);
    expect(await stranger.authenticate('agt_01jq8p4d01zzzzzzzzzzzzzzzz', newIdentity())).toBeNull();
    expect((await stranger.closed).code).toBe(CLOSE_CODES.deregistered.code);
  });

  it('closes a client that offers only an older protocol with protocol_too_old', async () => {
    const old = await ScriptedAgent.open(cp.url, { protocols: ['planasonix.agent.v0'] });
    const closed = await old.closed;
    expect(closed).toMatchObject({ code: CLOSE_CODES.protocol_too_old.code, reason: 'protocol too old' });
  });

  it('refuses the upgrade of a client that offers no agent protocol', async () => {
    await expect(ScriptedAgent.open(cp.url, { protocols: [] })).rejects.toThrow('upgrade refused: 400');
    await expect(ScriptedAgent.open(cp.url, { protocols: ['chat'] })).rejects.toThrow('upgrade refused: 400');
  });
});

describe('agent session behind a trusted proxy', () => {
  it('takes remote_ip from X-Forwarded-For only when the peer is a trusted proxy', async () => {
    const proxied = await startControlPlaneProcess({ args: ['--trusted-proxy', '127.0.0.1'] });
    try {
      const { agentId, identity } = await enrollScriptedAgent(proxied.url, proxied.apiKey);
      const connection = await ScriptedAgent.open(proxied.url, {
        headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.45' },
      });
      expect(await connection.authenticate(agentId, identity)).not.toBeNull();
      const answer = await httpJson(proxied.url, 'GET', '/api/agents/connected', { bearer: proxied.apiKey });
      const row = (answer.body as { data: { id: string; remote_ip: string }[] }).data.find(
        (a) => a.id === agentId,
      );
      expect(row?.remote_ip).toBe('203.0.113.45');
      await connection.close();
    } finally {
      await proxied.stop();
    }
    // The shared server trusts nobody: the same header changes nothing there.
    const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const direct = await ScriptedAgent.open(cp.url, { headers: { 'x-forwarded-for': '203.0.113.45' } });
    await direct.authenticate(agentId, identity);
    const connected = (await get('/api/agents/connected')).data as { id: string; remote_ip: string }[];
    expect(connected.find((a) => a.id === agentId)?.remote_ip).toBe('127.0.0.1');
    await direct.close();
  });
});

describe('agent session lifecycle', () => {
  it('drops a half-open socket (no pongs) within two ping periods', async () => {
    const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
    const connection = await connectScriptedAgent(cp.url, agentId, identity);
    const isConnected = async () =>
      ((await get('/api/agents/connected')).data as { id: string }[]).some((a) => a.id === agentId);
    expect(await isConnected()).toBe(true);
    // The peer stops reading: it answers no ping, like a host that vanished without a FIN.
    const socket = (connection.ws as unknown as { _socket: { pause(): void } })._socket;
    socket.pause();
    const pausedAt = performance.now();
    await waitUntil(isConnected, {
      until: (connected) => !connected,
      message: 'the half-open session dropped',
      timeoutMs: 4000,
      intervalMs: 20,
    });
    // A ping goes unanswered within one period of the pause and is found so at the next tick: two
    // periods of 1 s here, plus the one list request that saw it.
    expect(performance.now() - pausedAt).toBeLessThan(2 * 1000 + 300);
    connection.ws.terminate();
  });

  it('closes live sessions with server_shutdown when the control plane stops', async () => {
    const own = await startControlPlaneProcess();
    const { agentId, identity } = await enrollScriptedAgent(own.url, own.apiKey);
    const connection = await connectScriptedAgent(own.url, agentId, identity);
    const status = await own.stop();
    expect((await connection.closed).code).toBe(CLOSE_CODES.server_shutdown.code);
    expect(status.code).toBe(0);
  });
});
