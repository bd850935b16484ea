import { describe, expect, it } from 'vitest';
import { AuditEntry } from '../../../src-shared/rest/audit.js';
import { CreatedApiKey } from '../../../src-shared/rest/api-keys.js';
import { CreatedAgent } from '../../../src-shared/rest/agents.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import { enrollBody, newIdentity, redeem } from '../../helpers/scripted-agent.js';
import { waitUntil } from '../../helpers/wait-until.js';

const plane = controlPlanePerFile();
const api = plane.api;

interface Page {
  data: unknown[];
  meta: { page: { limit: number; cursor: string | null } };
}

async function audit(query = ''): Promise<AuditEntry[]> {
  const response = await api(`/v1/audit${query === '' ? '' : `?${query}`}`);
  expect(response.status, response.text).toBe(200);
  return (response.json as Page).data.map((entry) => AuditEntry.strict().parse(entry));
}

async function createAgent(label: string): Promise<CreatedAgent> {
  const response = await api('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
  expect(response.status).toBe(201);
  return CreatedAgent.parse(dataOf(response));
}

async function auditRowCount(): Promise<number> {
  const db = openPlaneDatabase(plane);
  try {
    const [row] = await db.all<{ n: number | string }>('select count(*) as n from audit_events');
    return Number(row?.n);
  } finally {
    await db.close();
  }
}

describe('the audit trail', () => {
  it('records each change with time, key, address, action, target and detail, newest first', async () => {
    const started = Date.now();
    const agent = await createAgent('audited');
    const identity = newIdentity();
    expect((await redeem(plane.url, agent.enrollment_token, enrollBody(identity))).status).toBe(200);
    expect(
      (await api(`/api/agents/revoke/${agent.id}`, { method: 'POST', body: { reason: 'lost laptop' } }))
        .status,
    ).toBe(200);
    expect((await api(`/api/agents/enable/${agent.id}`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/api/agents/${agent.id}`, { method: 'DELETE' })).status).toBe(204);
    const job = await api('/v1/jobs', {
      method: 'POST',
      body: { name: 'nightly', steps: [{ name: 's', run: 'true' }], target: { tags: ['nowhere'] } },
    });
    expect(job.status).toBe(201);
    const jobId = (dataOf(job) as { id: string }).id;
    expect((await api(`/v1/jobs/${jobId}/cancel`, { method: 'POST' })).status).toBe(202);
    const key = CreatedApiKey.parse(
      dataOf(
        await api('/v1/api-keys', { method: 'POST', body: { name: 'short-lived', scopes: ['jobs:read'] } }),
      ),
    );
    expect((await api(`/v1/api-keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);

    const entries = await audit();
    const summary = entries.map(
      (entry) => `${entry.action} ${entry.target} ${entry.key_id} ${entry.outcome}`,
    );
    expect(summary.reverse()).toEqual([
      `agent.created ${agent.id} bootstrap success`,
      `agent.enrolled ${agent.id} null success`,
      `agent.revoked ${agent.id} bootstrap success`,
      `agent.enabled ${agent.id} bootstrap success`,
      `agent.deleted ${agent.id} bootstrap success`,
      `job.submitted ${jobId} bootstrap success`,
      `job.cancelled ${jobId} bootstrap success`,
      `api_key.created ${key.id} bootstrap success`,
      `api_key.revoked ${key.id} bootstrap success`,
    ]);
    const revoked = entries.find((entry) => entry.action === 'agent.revoked');
    expect(revoked?.detail).toMatchObject({ reason: 'lost laptop' });
    for (const entry of entries) {
      expect(entry.remote_address).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    }
    // Never a secret: neither the enrollment token nor the key.
    const text = (await api('/v1/audit')).text;
    expect(text).not.toContain(agent.enrollment_token);
    expect(text).not.toContain(key.key.split('_').at(-1));
  });

  it('writes no row for a change that was refused, nor for one whose audit row failed (the change rolls back)', async () => {
    const agent = await createAgent('atomic');
    const before = await auditRowCount();
    expect((await api(`/api/agents/enable/${agent.id}`, { method: 'POST' })).status).toBe(409);
    expect((await api('/api/agents/agt_00000000000000000000000000', { method: 'DELETE' })).status).toBe(404);
    expect((await api('/api/agents', { method: 'POST', body: { label: '' } })).status).toBe(400);
    expect(await auditRowCount()).toBe(before);

    // Make the audit insert of a delete fail inside the database: the delete must not survive it.
    const db = openPlaneDatabase(plane);
    try {
      if (plane.databaseUrl === undefined) {
        await db.run(
          "create trigger refuse_delete_audit before insert on audit_events when new.action = 'agent.deleted' " +
            "begin select raise(abort, 'audit refused'); end",
        );
      } else {
        await db.run(
          'create function refuse_delete_audit() returns trigger language plpgsql as ' +
            "$body$ begin if new.action = 'agent.deleted' then raise exception 'audit refused'; end if; return new; end $body$",
        );
        await db.run(
          'create trigger refuse_delete_audit before insert on audit_events for each row execute function refuse_delete_audit()',
        );
      }
      const failed = await api(`/api/agents/${agent.id}`, { method: 'DELETE' });
      expect(failed.status).toBe(500);
      expect((await api(`/api/agents/${agent.id}`)).status).toBe(200);
      expect(await auditRowCount()).toBe(before);
    } finally {
      await db.run(
        'drop trigger refuse_delete_audit' + (plane.databaseUrl === undefined ? '' : ' on audit_events'),
      );
      await db.close();
    }
    expect((await api(`/api/agents/${agent.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await audit(`target=${agent.id}`)).map((entry) => entry.action)).toEqual([
      'agent.deleted',
      'agent.created',
    ]);
  });

  it('records refused credentials (bad key, missing scope, bad enrollment token) with the route and scope', async () => {
    const weak = CreatedApiKey.parse(
      dataOf(await api('/v1/api-keys', { method: 'POST', body: { name: 'weak', scopes: ['metrics:read'] } })),
    );
    expect((await api('/api/agents', { apiKey: 'plnx_key_bogus' })).status).toBe(401);
    expect((await api('/api/agents', { apiKey: weak.key })).status).toBe(403);
    expect((await redeem(plane.url, 'plnx_enroll_' + 'x'.repeat(43), enrollBody(newIdentity()))).status).toBe(
      401,
    );
    const refused = await waitUntil(async () => audit('outcome=refused'), {
      message: 'three refusals recorded',
      until: (entries) => entries.length >= 3,
    });
    expect(refused.map((entry) => [entry.action, entry.target, entry.key_id])).toEqual(
      expect.arrayContaining([
        ['auth.key_refused', 'GET /api/agents', null],
        ['auth.scope_refused', 'GET /api/agents', weak.id],
        ['agent.enroll_refused', null, null],
      ]),
    );
    expect(refused.find((entry) => entry.action === 'auth.scope_refused')?.detail).toMatchObject({
      scope: 'agents:read',
    });
  });

  it('filters by action, target, key and time range, and pages with a cursor', async () => {
    const agents = [await createAgent('p1'), await createAgent('p2'), await createAgent('p3')];
    const created = await audit('action=agent.created&limit=500');
    expect(created.every((entry) => entry.action === 'agent.created')).toBe(true);
    expect(created.slice(0, 3).map((entry) => entry.target)).toEqual(agents.map((a) => a.id).reverse());

    expect((await audit(`target=${agents[1]?.id ?? ''}`)).map((entry) => entry.target)).toEqual([
      agents[1]?.id,
    ]);
    expect((await audit('key_id=bootstrap&limit=500')).every((entry) => entry.key_id === 'bootstrap')).toBe(
      true,
    );

    const newest = created[0];
    const until = new Date(Date.parse(newest?.at ?? '') + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const since = new Date(Date.parse(newest?.at ?? '')).toISOString().replace(/\.\d+Z$/, 'Z');
    const inRange = await audit(`since=${since}&until=${until}&action=agent.created`);
    expect(inRange.map((entry) => entry.target)).toContain(newest?.target);
    expect(await audit(`until=${since}&target=${newest?.target ?? ''}`)).toEqual([]);

    // Page through everything two at a time: every entry once, newest first.
    const all = await audit('limit=500');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await api(`/v1/audit?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      const page = response.json as Page;
      paged.push(...page.data.map((entry) => (entry as AuditEntry).id));
      cursor = page.meta.page.cursor;
    } while (cursor !== null);
    expect(paged).toEqual(all.map((entry) => entry.id));
  });

  it('answers bad filters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['action=agent.exploded', 'action'],
      ['outcome=maybe', 'outcome'],
      ['since=yesterday', 'since'],
      ['until=2026-13-45T00:00:00Z', 'until'],
      ['since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z', 'until'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['target=', 'target'],
      [`key_id=${'k'.repeat(201)}`, 'key_id'],
      ['cursor=nope', 'cursor'],
    ];
    for (const [query, field] of cases) {
      const response = await api(`/v1/audit?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((response.json as { error: { message: string } }).error.message).toContain(field);
    }
  });
});
