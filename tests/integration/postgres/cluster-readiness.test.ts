import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';
import { httpJson } from '../../helpers/scripted-agent.js';
import { postgresAdminUrl } from '../../helpers/postgres-databases.js';

/** /readyz follows the database: 503 while it refuses connections, 200 again once it accepts them. */
let plane: ControlPlaneProcess | null = null;
let admin: pg.Client | null = null;
let database = '';

afterEach(async () => {
  await admin?.query(`alter database ${database} allow_connections true`);
  await admin?.end();
  admin = null;
  await plane?.stop();
  plane = null;
});

async function readiness(url: string) {
  return httpJson(url, 'GET', '/readyz');
}

describe('readiness and the database', () => {
  it('answers 503 database_unavailable while the database refuses connections, then 200 again', async () => {
    const own = await startControlPlaneProcess({ args: ['--replica-id', 'rpl_db'] });
    plane = own;
    if (own.databaseUrl === undefined) throw new Error('runs only in the integration-postgres project');
    database = new URL(own.databaseUrl).pathname.slice(1);
    expect((await readiness(own.url)).status).toBe(200);
    const adminUrl = await postgresAdminUrl();
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // Every connection of the replica goes, and no new one is let in.
    await admin.query(`alter database ${database} allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [
      database,
    ]);
    const started = Date.now();
    let answer = await readiness(own.url);
    while (answer.status === 200 && Date.now() - started < 5_000) answer = await readiness(own.url);
    expect(answer).toEqual({
      status: 503,
      body: { status: 'database_unavailable', replica: 'rpl_db', database: 'unavailable' },
    });
    await admin.query(`alter database ${database} allow_connections true`);
    const back = Date.now();
    while (answer.status !== 200 && Date.now() - back < 5_000) answer = await readiness(own.url);
    expect(answer).toEqual({ status: 200, body: { status: 'ready', replica: 'rpl_db', database: 'ok' } });
  });
});
