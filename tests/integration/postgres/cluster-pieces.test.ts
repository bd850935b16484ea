import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterMessage } from '../../../src-control-plane/cluster/cluster-messages.js';
import { clusterDb } from '../../../src-control-plane/cluster/cluster-tables.js';
import { PostgresClusterBus } from '../../../src-control-plane/cluster/postgres-cluster-bus.js';
import { PostgresSweeperLock } from '../../../src-control-plane/cluster/postgres-sweeper-lock.js';
import { replicaApplicationName } from '../../../src-control-plane/cluster/replica-id.js';
import { ClusterRepository } from '../../../src-control-plane/cluster/cluster-repository.js';
import { SweeperElection } from '../../../src-control-plane/cluster/sweeper-election.js';
import { openStore, type Store } from '../../../src-control-plane/store/database.js';
import { activeAgentRow } from '../../helpers/agent-rows.js';
import { testDatabaseUrl } from '../../helpers/postgres-databases.js';
import { waitUntil } from '../../helpers/wait-until.js';

/** The cluster's PostgreSQL pieces on a real server: LISTEN/NOTIFY bus, advisory-lock election, replicas. */
let dir: string;
let url: string;
let store: Store;
const stops: Array<() => Promise<void>> = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plnx-cluster-'));
  const databaseUrl = await testDatabaseUrl();
  if (databaseUrl === undefined) throw new Error('runs only in the integration-postgres project');
  url = databaseUrl;
  store = await openStore(dir, { databaseUrl: url });
});

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const clientNamed = (name: string) => () =>
  new pg.Client({ connectionString: url, application_name: name, query_timeout: 2_000 });

async function killConnection(name: string): Promise<number> {
  const result = await sql<{ pid: number }>`select pg_terminate_backend(pid) as pid from pg_stat_activity
    where application_name = ${name}`.execute(store.db);
  return result.rows.length;
}

function connectionsNamed(name: string): Promise<number> {
  return sql`select 1 from pg_stat_activity where application_name = ${name}`
    .execute(store.db)
    .then((result) => result.rows.length);
}

function bus(replicaId: string) {
  const received: ClusterMessage[] = [];
  const warnings: string[] = [];
  const instance = new PostgresClusterBus({
    replicaId,
    newClient: clientNamed(`plnx-bus-${replicaId}`),
    notify: async (channel, payload) => {
      await sql`select pg_notify(${channel}, ${payload})`.execute(store.db);
    },
    log: {
      info: () => undefined,
      warn: (_fields: unknown, message?: string) => warnings.push(message ?? ''),
    },
    retryBaseMs: 50,
    retryCapMs: 200,
  });
  instance.subscribe((message) => received.push(message));
  stops.push(() => instance.close());
  return { instance, received, warnings };
}

describe('PostgresClusterBus', () => {
  it('delivers to the other replicas only, drops a bad payload with a warning, and listens again after its connection is killed', async () => {
    const a = bus('rpl_a');
    const b = bus('rpl_b');
    await a.instance.start();
    await b.instance.start();
    await a.instance.publish({ origin: 'rpl_a', event: { type: 'agent.deleted', agentId: 'agt_1' } });
    await waitUntil(() => b.received.length === 1, { message: 'b to hear a', timeoutMs: 2_000 });
    expect(b.received[0]).toEqual({ origin: 'rpl_a', event: { type: 'agent.deleted', agentId: 'agt_1' } });
    await sql`select pg_notify('planasonix_cluster', ${'{"v":1,"origin":"x","event":{"type":"nope"}}'})`.execute(
      store.db,
    );
    await waitUntil(() => b.warnings.includes('dropped a cluster message'), {
      message: 'a warning',
      timeoutMs: 2_000,
    });
    expect(b.received).toHaveLength(1);

    expect(await killConnection('plnx-bus-rpl_b')).toBe(1);
    await waitUntil(() => b.warnings.includes('cluster bus connection lost'), {
      message: 'b to notice',
      timeoutMs: 2_000,
    });
    await waitUntil(() => b.instance.listening, { message: 'b to listen again', timeoutMs: 3_000 });
    await a.instance.publish({
      origin: 'rpl_a',
      event: { type: 'job.finished', jobId: 'job_1', agentId: null },
    });
    await waitUntil(() => b.received.length === 2, {
      message: 'b to hear a after reconnecting',
      timeoutMs: 2_000,
    });
    expect(a.received).toEqual([]);
  });
});

describe('sweeper election on an advisory lock', () => {
  it('elects one replica; when its connection dies another takes over within about one interval', async () => {
    const elections = ['a', 'b'].map((name) => {
      const election = new SweeperElection({
        lock: new PostgresSweeperLock(clientNamed(`plnx-lock-${name}`)),
        intervalMs: 200,
        log: { info: () => undefined, warn: () => undefined },
      });
      stops.push(() => election.stop());
      return { name, election };
    });
    // start() returns after its first try; one more try each, and both have tried the lock while the
    // other held or wanted it.
    for (const { election } of elections) await election.start();
    for (const { election } of elections) await election.tick();
    const sweepers = elections.filter(({ election }) => election.state === 'sweeper');
    expect(sweepers).toHaveLength(1);
    const [old] = sweepers as [(typeof elections)[number]];
    const next = elections.find((e) => e !== old)!;
    expect(await killConnection(`plnx-lock-${old.name}`)).toBe(1);
    const killedAt = performance.now();
    await waitUntil(() => next.election.state, {
      until: (state) => state === 'sweeper',
      message: 'the other replica to take over',
      timeoutMs: 2_000,
    });
    expect(performance.now() - killedAt).toBeLessThan(1_000);
    await waitUntil(() => old.election.state === 'follower', {
      message: 'the old sweeper to step down',
      timeoutMs: 2_000,
    });
  });
});

describe('ClusterRepository', () => {
  it('owes one start grace after a full outage, none while another replica holds a connection', async () => {
    const registry = (id: string) =>
      new ClusterRepository({
        db: clusterDb(store.db),
        replicaId: id,
        now: () => 100_000,
        staleAfterMs: 10_000,
      });
    expect(await registry('rpl_a').register()).toEqual({ afterOutage: true });
    // Replica a's bus connection (named as start-cluster names it) is open: a is alive.
    const aliveA = clientNamed(replicaApplicationName('rpl_a'))();
    await aliveA.connect();
    expect(await registry('rpl_b').register()).toEqual({ afterOutage: false });
    expect(await registry('rpl_b').takeStartGrace()).toBe(true);
    expect(await registry('rpl_a').takeStartGrace()).toBe(false);
    // a is killed: its fresh last_seen does not count, its connection is gone.
    await aliveA.end();
    await waitUntil(() => connectionsNamed(replicaApplicationName('rpl_a')), {
      until: (count) => count === 0,
      message: "replica a's connection gone",
    });
    expect(await registry('rpl_c').register()).toEqual({ afterOutage: true });
  });

  it('marks the agents of a gone replica disconnected and forgets the replica; live ones stay', async () => {
    let now = 100_000;
    const db = clusterDb(store.db);
    const a = new ClusterRepository({ db, replicaId: 'rpl_a', now: () => now, staleAfterMs: 10_000 });
    const gone = new ClusterRepository({ db, replicaId: 'rpl_gone', now: () => now, staleAfterMs: 10_000 });
    await gone.register();
    await a.register();
    const agent = (id: string, replica: string) =>
      activeAgentRow(id, { connected_since: 5, session_replica_id: replica });
    await db
      .insertInto('agents')
      .values([agent('agt_on_a', 'rpl_a'), agent('agt_on_gone', 'rpl_gone')])
      .execute();
    now += 8_000;
    await a.touch();
    expect(await a.sweepGone()).toBe(0);
    now += 5_000;
    await a.touch();
    expect(await a.sweepGone()).toBe(1);
    const rows = await db.selectFrom('agents').select(['id', 'connected_since']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'agt_on_a', connected_since: 5 },
      { id: 'agt_on_gone', connected_since: null },
    ]);
    const replicas = await db.selectFrom('replicas').select('id').execute();
    expect(replicas).toEqual([{ id: 'rpl_a' }]);
  });

  it('keeps the agents of a replica that went silent but still holds a connection (a stall, not a death)', async () => {
    let now = 100_000;
    const db = clusterDb(store.db);
    const sweeper = new ClusterRepository({ db, replicaId: 'rpl_a', now: () => now, staleAfterMs: 10_000 });
    const stalled = new ClusterRepository({
      db,
      replicaId: 'rpl_stalled',
      now: () => now,
      staleAfterMs: 10_000,
    });
    await stalled.register();
    await sweeper.register();
    await db
      .insertInto('agents')
      .values(activeAgentRow('agt_on_stalled', { connected_since: 5, session_replica_id: 'rpl_stalled' }))
      .execute();
    const connection = clientNamed(replicaApplicationName('rpl_stalled'))();
    await connection.connect();
    stops.push(() => connection.end());
    now += 60_000;
    await sweeper.touch();
    expect(await sweeper.sweepGone()).toBe(0);
    const rows = await db.selectFrom('replicas').select('id').orderBy('id').execute();
    expect(rows).toEqual([{ id: 'rpl_a' }, { id: 'rpl_stalled' }]);
  });
});
