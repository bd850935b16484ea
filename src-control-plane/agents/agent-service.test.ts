import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentsRepository } from './agents-repository.js';
import { openStore, type Store } from '../store/database.js';
import type { AgentEvent } from './agent-events.js';
import { AgentService } from './agent-service.js';
import { ApiError } from '../http/api-error.js';
import { EventBus } from '../common/event-bus.js';
import { createIdFactory } from '../common/id-factory.js';
import { sha256Hex } from '../common/secrets.js';
import { AuditRepository } from '../audit/audit-repository.js';
import { AuditTrail } from '../audit/audit-trail.js';

let dir: string;
let store: Store;
let service: AgentService;
let events: AgentEvent[];
let listenerErrors: unknown[];
const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const actor = { keyId: 'key_01jq8pr0d01abcdefghjkmnpqr', remoteAddress: '192.0.2.7' };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plnx-agent-service-'));
  store = await openStore(dir);
  events = [];
  listenerErrors = [];
  const bus = new EventBus<AgentEvent>((error) => listenerErrors.push(error));
  for (const type of ['agent.revoked', 'agent.enabled', 'agent.deleted'] as const) {
    bus.on(type, (event) => events.push(event));
  }
  bus.on('agent.revoked', () => {
    throw new Error('a broken listener');
  });
  const ids = createIdFactory(() => now);
  const audit = new AuditTrail({
    repository: new AuditRepository(store.db),
    ids,
    now: () => now,
    log: console,
  });
  service = new AgentService({
    agents: new AgentsRepository(store.db),
    audit,
    events: bus,
    ids,
    tokenPolicy: { defaultTtlSeconds: 3600, maxTtlSeconds: 7200 },
    now: () => now,
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return error instanceof ApiError ? error.code : String(error);
  }
}

async function auditActions(): Promise<string[]> {
  const rows = await new AuditRepository(store.db).list({ limit: 100 });
  return rows.reverse().map((row) => `${row.action} ${row.target ?? ''} ${row.key_id ?? ''}`);
}

async function tokenHash(id: string): Promise<string | null> {
  const row = await store.db
    .selectFrom('agents')
    .select('enrollment_token_hash')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.enrollment_token_hash ?? null;
}

describe('AgentService', () => {
  it('stores only the hash of the enrollment token, and enabling replaces it', async () => {
    const created = await service.create({ label: 'a', platform: 'linux' }, actor);
    expect(await tokenHash(created.id)).toBe(sha256Hex(created.enrollment_token));
    await service.revoke(created.id, null, actor);
    const enabled = await service.enable(created.id, undefined, actor);
    expect(await tokenHash(created.id)).toBe(sha256Hex(enabled.enrollment_token));
    expect(enabled.token_expires_at).toBe('2026-01-01T13:00:00Z');
  });

  it('announces revoke, enable and delete after they are stored, even past a failing listener', async () => {
    const { id } = await service.create({ label: 'a', platform: 'linux' }, actor);
    await service.revoke(id, 'lost laptop', actor);
    await service.enable(id, 120, actor);
    await service.delete(id, actor);
    expect(events).toEqual([
      { type: 'agent.revoked', agentId: id, revokedAt: now, reason: 'lost laptop' },
      { type: 'agent.enabled', agentId: id },
      { type: 'agent.deleted', agentId: id },
    ]);
    expect(listenerErrors).toHaveLength(1);
    expect(await auditActions()).toEqual(
      ['agent.created', 'agent.revoked', 'agent.enabled', 'agent.deleted'].map(
        (a) => `${a} ${id} ${actor.keyId}`,
      ),
    );
  });

  it('announces nothing for a refused transition', async () => {
    const { id } = await service.create({ label: 'a', platform: 'linux' }, actor);
    expect(await codeOf(service.enable(id, undefined, actor))).toBe('agent_not_revoked');
    expect(await codeOf(service.delete('agt_00000000000000000000000000', actor))).toBe('agent_not_found');
    expect(await codeOf(service.revoke('agt_00000000000000000000000000', null, actor))).toBe(
      'agent_not_found',
    );
    expect(events).toEqual([]);
    // A refused change leaves no audit row: only the create is there.
    expect(await auditActions()).toEqual([`agent.created ${id} ${actor.keyId}`]);
  });

  it('lets exactly one of two racing revokes win', async () => {
    const { id } = await service.create({ label: 'a', platform: 'linux' }, actor);
    const results = await Promise.all([
      codeOf(service.revoke(id, 'one', actor)),
      codeOf(service.revoke(id, 'two', actor)),
    ]);
    expect(results.sort()).toEqual(['agent_already_revoked', 'no error']);
    expect(events.filter((e) => e.type === 'agent.revoked')).toHaveLength(1);
    expect((await auditActions()).filter((a) => a.startsWith('agent.revoked'))).toHaveLength(1);
  });

  it('answers agent_not_found for an id that is not ours, as for one that does not exist', async () => {
    for (const id of ['agt_01jq8prod01', 'x', '../../etc', 'agt_' + 'z'.repeat(300)]) {
      expect(await codeOf(service.get(id))).toBe('agent_not_found');
      expect(await codeOf(service.health(id))).toBe('agent_not_found');
      expect(await codeOf(service.revoke(id, null, actor))).toBe('agent_not_found');
      expect(await codeOf(service.enable(id, undefined, actor))).toBe('agent_not_found');
      expect(await codeOf(service.delete(id, actor))).toBe('agent_not_found');
    }
    expect(await auditActions()).toEqual([]);
  });

  it('refuses a token life over the maximum without storing anything', async () => {
    expect(
      await codeOf(service.create({ label: 'a', platform: 'linux', token_ttl_seconds: 7201 }, actor)),
    ).toBe('invalid_request');
    expect((await service.list({})).agents).toEqual([]);
  });
});
