import { describe, expect, it } from 'vitest';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import {
  createPendingAgent,
  enrollBody,
  httpJson,
  newIdentity,
  redeem,
} from '../../helpers/scripted-agent.js';

const cp = controlPlanePerFile({ args: ['--heartbeat-interval', '7'] });

function errorCode(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | null)?.error?.code;
}

describe('POST /api/agents/enroll', () => {
  it('redeems a token: the agent turns active with its key, version, capabilities and host', async () => {
    const { id, token } = await createPendingAgent(cp.url, cp.apiKey);
    const identity = newIdentity();
    const answer = await redeem(
      cp.url,
      token,
      enrollBody(identity, { version: '2.14.3', capabilities: ['spark', 'python_3_11'], platform: 'linux' }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      data: {
        agent_id: id,
        status: 'active',
        session_url: '/api/agents/session',
        heartbeat_interval_seconds: 7,
        server_time: expect.stringMatching(/Z$/) as unknown,
      },
    });
    const detail = await httpJson(cp.url, 'GET', `/api/agents/${id}`, { bearer: cp.apiKey });
    expect(detail.body).toMatchObject({
      data: {
        status: 'active',
        version: '2.14.3',
        capabilities: ['spark', 'python_3_11'],
        metadata: { hostname: 'etl-test-01.internal', rack: 'r1' },
        last_seen_at: expect.stringMatching(/Z$/) as unknown,
      },
    });
  });

  it("adds the host's own tags to those the operator registered, so jobs can target them", async () => {
    const created = await httpJson(cp.url, 'POST', '/api/agents', {
      bearer: cp.apiKey,
      body: { label: 'tagged', platform: 'linux', tags: ['env:prod', 'region:eu'] },
    });
    const { id, enrollment_token: token } = (
      created.body as { data: { id: string; enrollment_token: string } }
    ).data;
    const answer = await redeem(cp.url, token, enrollBody(newIdentity(), { tags: ['region:eu', 'gpu'] }));
    expect(answer.status).toBe(200);
    const detail = await httpJson(cp.url, 'GET', `/api/agents/${id}`, { bearer: cp.apiKey });
    expect((detail.body as { data: { tags: string[] } }).data.tags).toEqual(['env:prod', 'region:eu', 'gpu']);
  });

  it('refuses tags over the registration limits, naming the field, and keeps the token', async () => {
    const { token } = await createPendingAgent(cp.url, cp.apiKey);
    const refused = await redeem(cp.url, token, enrollBody(newIdentity(), { tags: ['x'.repeat(500)] }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('tags');
    expect((await redeem(cp.url, token, enrollBody(newIdentity()))).status).toBe(200);
  });

  it('refuses unknown, malformed and missing tokens with token_unknown (401)', async () => {
    const body = enrollBody(newIdentity());
    for (const token of [`plnx_enroll_${'A'.repeat(43)}`, 'plnx_enroll_short', cp.apiKey]) {
      const answer = await redeem(cp.url, token, body);
      expect(answer.status).toBe(401);
      expect(errorCode(answer.body)).toBe('token_unknown');
    }
    const bare = await httpJson(cp.url, 'POST', '/api/agents/enroll', { body });
    expect([bare.status, errorCode(bare.body)]).toEqual([401, 'token_unknown']);
  });

  it('refuses a used token with token_used (409), and keeps the first key', async () => {
    const { id, token } = await createPendingAgent(cp.url, cp.apiKey);
    const first = newIdentity();
    expect((await redeem(cp.url, token, enrollBody(first))).status).toBe(200);
    const again = await redeem(cp.url, token, enrollBody(newIdentity()));
    expect([again.status, errorCode(again.body)]).toEqual([409, 'token_used']);
    const db = openPlaneDatabase(cp);
    const [row] = await db.all<{ public_key: string }>('select public_key from agents where id = ?', id);
    await db.close();
    expect(row?.public_key).toBe(first.publicKey);
  });

  it('refuses an expired token with token_expired (410)', async () => {
    const { id, token } = await createPendingAgent(cp.url, cp.apiKey);
    const db = openPlaneDatabase(cp);
    await db.run('update agents set token_expires_at = ? where id = ?', Date.now() - 1000, id);
    await db.close();
    const answer = await redeem(cp.url, token, enrollBody(newIdentity()));
    expect([answer.status, errorCode(answer.body)]).toEqual([410, 'token_expired']);
  });

  it("refuses a revoked agent's token with agent_revoked (403); after enable only the new token works", async () => {
    const { id, token } = await createPendingAgent(cp.url, cp.apiKey);
    expect((await httpJson(cp.url, 'POST', `/api/agents/revoke/${id}`, { bearer: cp.apiKey })).status).toBe(
      200,
    );
    const refused = await redeem(cp.url, token, enrollBody(newIdentity()));
    expect([refused.status, errorCode(refused.body)]).toEqual([403, 'agent_revoked']);
    const enabled = await httpJson(cp.url, 'POST', `/api/agents/enable/${id}`, { bearer: cp.apiKey });
    const fresh = (enabled.body as { data: { enrollment_token: string } }).data.enrollment_token;
    const old = await redeem(cp.url, token, enrollBody(newIdentity()));
    expect([old.status, errorCode(old.body)]).toEqual([401, 'token_unknown']);
    expect((await redeem(cp.url, fresh, enrollBody(newIdentity()))).status).toBe(200);
  });

  it('lets exactly one of many agents racing one token win', async () => {
    const { token } = await createPendingAgent(cp.url, cp.apiKey);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => redeem(cp.url, token, enrollBody(newIdentity()))),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(errorCode(a.body)).toBe('token_used');
  });

  it('refuses an invalid body naming the field, and does not spend the token', async () => {
    const { token } = await createPendingAgent(cp.url, cp.apiKey);
    const identity = newIdentity();
    const bad = await redeem(cp.url, token, { ...enrollBody(identity), public_key: 'AAAA' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toContain('public_key');
    const platform = await redeem(cp.url, token, { ...enrollBody(identity), platform: 'beos' });
    expect((platform.body as { error: { message: string } }).error.message).toContain('platform');
    expect((await redeem(cp.url, token, enrollBody(identity))).status).toBe(200);
  });
});
