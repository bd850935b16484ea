import { describe, expect, it } from 'vitest';
import { AGENT_ID_PATTERN } from '../../../src-shared/ids.js';
import {
  AgentDetail,
  AgentHealth,
  ConnectedAgent,
  CreatedAgent,
  EnabledAgent,
  RevokedAgent,
} from '../../../src-shared/rest/agents.js';
import { ENROLLMENT_TOKEN_PATTERN } from '../../../src-shared/rest/tokens.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';

const DEFAULT_TTL = 3600;
const MAX_TTL = 7200;
const plane = controlPlanePerFile({
  args: ['--token-ttl', String(DEFAULT_TTL)],
  env: { PLANASONIX_ENROLLMENT_TOKEN_MAX_TTL: String(MAX_TTL) },
});
const api = plane.api;

const newAgent = {
  label: 'analytics-k8s-pool-a',
  platform: 'linux',
  tags: ['region:us-west-2', 'env:production'],
  metadata: { k8s_namespace: 'planasonix-agents', node_pool: 'compute-optimized', cores: 8, spot: false },
};

async function create(body: object = newAgent): Promise<CreatedAgent> {
  const response = await api('/api/agents', { method: 'POST', body });
  expect(response.status).toBe(201);
  return CreatedAgent.strict().parse(dataOf(response));
}

function secondsFromNow(timestamp: string): number {
  return (Date.parse(timestamp) - Date.now()) / 1000;
}

describe('POST /api/agents', () => {
  it('registers a pending agent and answers its enrollment token once', async () => {
    const created = await create();
    expect(created.id).toMatch(AGENT_ID_PATTERN);
    expect(created).toMatchObject({ label: newAgent.label, platform: 'linux', status: 'pending' });
    expect(created.enrollment_token).toMatch(ENROLLMENT_TOKEN_PATTERN);
    expect(Math.abs(secondsFromNow(created.created_at))).toBeLessThan(5);
    expect(secondsFromNow(created.token_expires_at)).toBeGreaterThan(DEFAULT_TTL - 5);
    expect(secondsFromNow(created.token_expires_at)).toBeLessThanOrEqual(DEFAULT_TTL);

    const detail = await api(`/api/agents/${created.id}`);
    expect(detail.text).not.toContain(created.enrollment_token);
  });

  it('gives a shorter token life when asked, and refuses one over the maximum', async () => {
    const short = await create({ label: 'short', platform: 'windows', token_ttl_seconds: 120 });
    expect(secondsFromNow(short.token_expires_at)).toBeLessThanOrEqual(120);
    expect(secondsFromNow(short.token_expires_at)).toBeGreaterThan(110);

    const longer = await create({ label: 'longer', platform: 'macos', token_ttl_seconds: MAX_TTL });
    expect(secondsFromNow(longer.token_expires_at)).toBeGreaterThan(MAX_TTL - 5);

    const tooLong = await api('/api/agents', {
      method: 'POST',
      body: { label: 'x', platform: 'linux', token_ttl_seconds: MAX_TTL + 1 },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toEqual({
      error: { code: 'invalid_request', message: `token_ttl_seconds: must be at most ${MAX_TTL}` },
    });
  });

  it('gives every agent a distinct id and token', async () => {
    const a = await create();
    const b = await create();
    expect(a.id).not.toBe(b.id);
    expect(a.enrollment_token).not.toBe(b.enrollment_token);
    expect(a.id < b.id).toBe(true);
  });
});

describe('GET /api/agents/{id}', () => {
  it('answers every documented field, with tags and metadata as sent', async () => {
    const created = await create();
    const response = await api(`/api/agents/${created.id}`);
    expect(response.status).toBe(200);
    const detail = AgentDetail.strict().parse(dataOf(response));
    expect(detail).toEqual({
      id: created.id,
      label: newAgent.label,
      platform: 'linux',
      version: null,
      status: 'pending',
      tags: newAgent.tags,
      capabilities: [],
      last_seen_at: null,
      created_at: created.created_at,
      metadata: newAgent.metadata,
      token_expires_at: created.token_expires_at,
      revoked_at: null,
      revoke_reason: null,
    });
  });

  it('answers 404 agent_not_found for an unknown id and for any text that is not one of our ids, on every agent route', async () => {
    // The reference's own example id (agt_01jq8prod01) is not one of ours: it names no agent.
    const ids = ['agt_00000000000000000000000000', 'agt_01jq8prod01', 'agt_NOT-AN-ID', 'x'.repeat(300)];
    for (const id of ids) {
      const requests: [string, string][] = [
        ['GET', `/api/agents/${id}`],
        ['GET', `/api/agents/${id}/health`],
        ['DELETE', `/api/agents/${id}`],
        ['POST', `/api/agents/revoke/${id}`],
        ['POST', `/api/agents/enable/${id}`],
      ];
      for (const [method, path] of requests) {
        const response = await api(path, { method });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
        expect(response.json).toMatchObject({ error: { code: 'agent_not_found' } });
      }
    }
  });
});

describe('DELETE /api/agents/{id}', () => {
  it('answers 204 with no body, then the agent is gone everywhere', async () => {
    const created = await create();
    const deleted = await api(`/api/agents/${created.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    for (const path of [`/api/agents/${created.id}`, `/api/agents/${created.id}/health`]) {
      expect((await api(path)).status).toBe(404);
    }
    const again = await api(`/api/agents/${created.id}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(again.json).toMatchObject({ error: { code: 'agent_not_found' } });
  });
});

describe('revoke and enable', () => {
  it('revokes with a reason kept for audit, refuses a second revoke, and enables with a fresh token', async () => {
    const created = await create();
    const revoked = await api(`/api/agents/revoke/${created.id}`, {
      method: 'POST',
      body: { reason: 'compromised_token_suspected' },
    });
    expect(revoked.status).toBe(200);
    const revokedData = RevokedAgent.strict().parse(dataOf(revoked));
    expect(revokedData).toMatchObject({ id: created.id, status: 'revoked' });
    expect(Math.abs(secondsFromNow(revokedData.revoked_at))).toBeLessThan(5);

    const detail = AgentDetail.parse(dataOf(await api(`/api/agents/${created.id}`)));
    expect(detail).toMatchObject({
      status: 'revoked',
      revoked_at: revokedData.revoked_at,
      revoke_reason: 'compromised_token_suspected',
      token_expires_at: null,
    });

    const twice = await api(`/api/agents/revoke/${created.id}`, { method: 'POST' });
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({ error: { code: 'agent_already_revoked' } });

    const enabled = await api(`/api/agents/enable/${created.id}`, { method: 'POST' });
    expect(enabled.status).toBe(200);
    const enabledData = EnabledAgent.strict().parse(dataOf(enabled));
    expect(enabledData).toMatchObject({ id: created.id, status: 'pending' });
    expect(enabledData.enrollment_token).not.toBe(created.enrollment_token);
    expect(secondsFromNow(enabledData.token_expires_at)).toBeGreaterThan(DEFAULT_TTL - 5);

    const after = AgentDetail.parse(dataOf(await api(`/api/agents/${created.id}`)));
    expect(after).toMatchObject({ status: 'pending', revoked_at: revokedData.revoked_at });

    const enableAgain = await api(`/api/agents/enable/${created.id}`, { method: 'POST' });
    expect(enableAgain.status).toBe(409);
    expect(enableAgain.json).toMatchObject({ error: { code: 'agent_not_revoked' } });
  });

  it('accepts an empty body with or without a JSON Content-Type, and a shorter token life on enable', async () => {
    const created = await create();
    const revoked = await api(`/api/agents/revoke/${created.id}`, {
      method: 'POST',
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(revoked.status).toBe(200);
    expect(AgentDetail.parse(dataOf(await api(`/api/agents/${created.id}`))).revoke_reason).toBeNull();
    const enabled = await api(`/api/agents/enable/${created.id}`, {
      method: 'POST',
      body: { token_ttl_seconds: 300 },
    });
    expect(enabled.status).toBe(200);
    expect(secondsFromNow(EnabledAgent.parse(dataOf(enabled)).token_expires_at)).toBeLessThanOrEqual(300);
  });

  it('answers 404 for unknown agents and 400 for unknown body fields', async () => {
    for (const action of ['revoke', 'enable']) {
      const unknown = await api(`/api/agents/${action}/agt_00000000000000000000000000`, { method: 'POST' });
      expect(unknown.status).toBe(404);
      expect(unknown.json).toMatchObject({ error: { code: 'agent_not_found' } });
    }
    const created = await create();
    const bad = await api(`/api/agents/revoke/${created.id}`, {
      method: 'POST',
      body: { reason: 5, why: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: { code: 'invalid_request', message: 'reason: must be a string; why: is not a known field' },
    });
    expect(AgentDetail.parse(dataOf(await api(`/api/agents/${created.id}`))).status).toBe('pending');
  });
});

describe('health and connected', () => {
  it('before any heartbeat: every health field present, metrics null, status no_heartbeat', async () => {
    const created = await create();
    const response = await api(`/api/agents/${created.id}/health`);
    expect(response.status).toBe(200);
    expect(AgentHealth.strict().parse(dataOf(response))).toEqual({
      agent_id: created.id,
      status: 'no_heartbeat',
      heartbeat_at: null,
      cpu_percent: null,
      memory_percent: null,
      disk_free_gb: null,
      active_jobs: null,
      queue_depth: null,
      last_error: null,
      accepting_jobs: null,
      job_slots: null,
    });
  });

  it('reports what the session recorded: heartbeat metrics, and the agent among the connected', async () => {
    const created = await create({ label: 'prod-etl-01', platform: 'linux' });
    const idle = await create({ label: 'idle', platform: 'linux' });
    const now = Date.now();
    // What the agent gateway writes on connect and heartbeat, written here straight into the file.
    const db = openPlaneDatabase(plane);
    const record = (...params: unknown[]) =>
      db.run(
        `update agents set status = 'active', version = '2.14.3', capabilities_json = '["spark"]',
       connected_since = ?, last_seen_at = ?, remote_ip = '203.0.113.45', heartbeat_at = ?,
       cpu_percent = 34.2, memory_percent = 61.0, disk_free_gb = 412.5, active_jobs = 2, queue_depth = 0
       where id = ?`,
        ...params,
      );
    await record(now - 60_000, now - 1_000, now - 1_000, created.id);
    await record(now - 600_000, now - 300_000, now - 300_000, idle.id);
    await db.close();

    const health = AgentHealth.parse(dataOf(await api(`/api/agents/${created.id}/health`)));
    expect(health).toMatchObject({
      status: 'healthy',
      cpu_percent: 34.2,
      memory_percent: 61,
      disk_free_gb: 412.5,
      // The control plane's own job counts, not what the heartbeat said: this agent holds no job.
      active_jobs: 0,
      queue_depth: 0,
      last_error: null,
    });
    expect(Math.abs(secondsFromNow(health.heartbeat_at ?? ''))).toBeLessThan(5);
    const idleHealth = AgentHealth.parse(dataOf(await api(`/api/agents/${idle.id}/health`)));
    expect(idleHealth.status).toBe('offline');

    const connected = await api('/api/agents/connected');
    expect(connected.status).toBe(200);
    const list = ConnectedAgent.strict().array().parse(dataOf(connected));
    expect(list).toEqual([
      {
        id: created.id,
        label: 'prod-etl-01',
        connected_since: new Date(Math.floor((now - 60_000) / 1000) * 1000)
          .toISOString()
          .replace('.000Z', 'Z'),
        remote_ip: '203.0.113.45',
      },
    ]);

    const detail = AgentDetail.parse(dataOf(await api(`/api/agents/${created.id}`)));
    expect(detail).toMatchObject({ status: 'active', version: '2.14.3', capabilities: ['spark'] });
    expect(detail.last_seen_at).not.toBeNull();

    await api(`/api/agents/revoke/${created.id}`, { method: 'POST' });
    expect((await api('/api/agents/connected')).json).toEqual({ data: [] });
  });
});
