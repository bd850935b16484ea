import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterDb } from '../../../src-control-plane/cluster/cluster-tables.js';
import { SessionRepository } from '../../../src-control-plane/gateway/session-repository.js';
import type { HeartbeatRecord, SessionStore } from '../../../src-control-plane/gateway/session-store.js';
import { openStore, type Store } from '../../../src-control-plane/store/database.js';
import { activeAgentRow } from '../../helpers/agent-rows.js';
import { testDatabaseUrl } from '../../helpers/postgres-databases.js';

/**
 * The gateway's session writes on the real database of the project (SQLite in `integration`,
 * PostgreSQL in `integration-postgres`): heartbeats batched and conditional on the session still
 * holding its agent, the claim's epoch, and the losses a heartbeat write reports.
 */
let dir: string;
let store: Store;
let statements: number;
let sessions: SessionStore;

const counting: KyselyPlugin = {
  transformQuery: (args) => {
    statements += 1;
    return args.node;
  },
  transformResult: (args) => Promise.resolve(args.result),
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plnx-session-store-'));
  store = await openStore(dir, { databaseUrl: await testDatabaseUrl() });
  sessions = new SessionRepository(store.db.withPlugin(counting), store.dialect, 'rpl_test');
  statements = 0;
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function addAgents(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `agt_${String(i).padStart(5, '0')}`);
  const db = clusterDb(store.db);
  for (let start = 0; start < ids.length; start += 500) {
    await db
      .insertInto('agents')
      .values(
        ids
          .slice(start, start + 500)
          .map((id) => activeAgentRow(id, { session_id: `ses_${id}`, session_epoch: 1 })),
      )
      .execute();
  }
  return ids;
}

const METRICS = {
  cpu_percent: 12.5,
  memory_percent: 40,
  disk_free_gb: 100.25,
  active_jobs: 1,
  queue_depth: 2,
  last_error: null,
};

function beat(
  agentId: string,
  at: number,
  extra: Partial<HeartbeatRecord['heartbeat']> = {},
): HeartbeatRecord {
  return {
    agentId,
    sessionId: `ses_${agentId}`,
    at,
    heartbeat: {
      type: 'heartbeat',
      seq: at,
      ...METRICS,
      ...extra,
    },
  };
}

const row = (id: string) =>
  clusterDb(store.db).selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('session store heartbeat batches', () => {
  it('writes 2500 heartbeats in one flush: three statements on PostgreSQL (1000 rows each)', async () => {
    const ids = await addAgents(2500);
    statements = 0;
    const losses = await sessions.recordHeartbeats(ids.map((id, i) => beat(id, 1000 + i)));
    expect(losses).toEqual([]);
    if (store.dialect === 'postgres') expect(statements).toBe(3);
    const last = await row('agt_02499');
    expect(last).toMatchObject({
      heartbeat_at: 3499,
      last_seen_at: 3499,
      ...METRICS,
      last_error_at: null,
    });
    const written = await clusterDb(store.db)
      .selectFrom('agents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('heartbeat_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(written.n)).toBe(2500);
  });

  it('reports the sessions that lost their agent (revoked, deleted, taken) and writes none of them', async () => {
    const [kept, revoked, deleted, taken] = await addAgents(4);
    const db = clusterDb(store.db);
    await db.updateTable('agents').set({ status: 'revoked' }).where('id', '=', revoked!).execute();
    await db.deleteFrom('agents').where('id', '=', deleted!).execute();
    await db.updateTable('agents').set({ session_id: 'ses_newer' }).where('id', '=', taken!).execute();
    const losses = await sessions.recordHeartbeats(
      [kept!, revoked!, deleted!, taken!].map((id) => beat(id, 50)),
    );
    expect(losses).toEqual([
      { agentId: revoked, sessionId: `ses_${revoked}`, close: 'revoked' },
      { agentId: deleted, sessionId: `ses_${deleted}`, close: 'deregistered' },
      { agentId: taken, sessionId: `ses_${taken}`, close: 'superseded' },
    ]);
    expect((await row(kept!)).heartbeat_at).toBe(50);
    expect((await row(revoked!)).heartbeat_at).toBeNull();
    expect((await row(taken!)).heartbeat_at).toBeNull();
  });

  it('dates last_error from when it first appeared, across batches', async () => {
    const [id] = (await addAgents(1)) as [string];
    await sessions.recordHeartbeats([beat(id, 10, { last_error: 'disk' })]);
    await sessions.recordHeartbeats([beat(id, 20, { last_error: 'disk' })]);
    expect(await row(id)).toMatchObject({ last_error: 'disk', last_error_at: 10, heartbeat_at: 20 });
    await sessions.recordHeartbeats([beat(id, 30, { last_error: 'network' })]);
    expect(await row(id)).toMatchObject({ last_error: 'network', last_error_at: 30 });
    await sessions.recordHeartbeats([beat(id, 40, { cpu_percent: null, disk_free_gb: null })]);
    expect(await row(id)).toMatchObject({ last_error: null, last_error_at: null, cpu_percent: null });
  });
});

describe('session store claims', () => {
  const facts = (sessionId: string, at: number) => ({
    sessionId,
    at,
    version: '1.2.3',
    capabilities: ['node_20'],
    remoteIp: '127.0.0.1',
  });

  it('raises the epoch with every claim, names the replica, and refuses a revoked agent', async () => {
    const [id] = (await addAgents(1)) as [string];
    expect(await sessions.recordConnect(id, facts('ses_a', 5))).toEqual({ epoch: 2 });
    expect(await sessions.recordConnect(id, facts('ses_b', 6))).toEqual({ epoch: 3 });
    expect(await row(id)).toMatchObject({
      session_id: 'ses_b',
      session_replica_id: 'rpl_test',
      session_epoch: 3,
      connected_since: 6,
    });
    await sql`update agents set status = 'revoked' where id = ${id}`.execute(store.db);
    expect(await sessions.recordConnect(id, facts('ses_c', 7))).toBeNull();
  });

  it('lets only the session holding the agent mark it disconnected', async () => {
    const [id] = (await addAgents(1)) as [string];
    await sessions.recordConnect(id, facts('ses_new', 5));
    await sessions.recordDisconnect(id, 'ses_old', 6);
    expect((await row(id)).connected_since).toBe(5);
    await sessions.recordDisconnect(id, 'ses_new', 7);
    expect((await row(id)).connected_since).toBeNull();
  });
});
