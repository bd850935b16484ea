/**
 * Agent listing bench (npm run bench:agents-list). Seeds AGENTS agents into a fresh data folder,
 * starts the real control-plane process on loopback, and walks every page of GET /api/agents over
 * HTTP; then, in the same run, runs the same keyset query straight on better-sqlite3 for the same
 * pages. Prints p50/p99 per page for both and the HTTP / SQLite ratio (the figure).
 * Options: --agents N (default 100000), --limits 50,200, --rounds R (walks per limit, default 2).
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATABASE_FILE_NAME, openStore } from '../src-control-plane/store/database.js';
import { createIdFactory } from '../src-control-plane/common/id-factory.js';
import { makeTempDataDir, startControlPlaneProcess } from '../tests/helpers/control-plane-process.js';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '100000' },
    limits: { type: 'string', default: '50,200' },
    rounds: { type: 'string', default: '2' },
  },
});
const AGENTS = Number(values.agents);
const LIMITS = values.limits.split(',').map(Number);
const ROUNDS = Number(values.rounds);
const PLATFORMS = ['linux', 'windows', 'macos'];
const STATUSES = ['pending', 'active', 'revoked'];

async function seed(dataDir: string): Promise<void> {
  // openStore applies the real migrations; the rows then go in through one fast transaction.
  await (await openStore(dataDir)).close();
  const db = new Database(join(dataDir, DATABASE_FILE_NAME));
  const ids = createIdFactory();
  const insert = db.prepare(
    `insert into agents (id, label, platform, status, tags_json, metadata_json, capabilities_json,
       created_at, updated_at, version, last_seen_at)
     values (?, ?, ?, ?, '["env:bench"]', '{"rack":"r1"}', '[]', ?, ?, '2.14.3', ?)`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < AGENTS; i += 1) {
      const status = STATUSES[i % STATUSES.length] ?? 'pending';
      insert.run(ids.agentId(), `bench-agent-${i}.example.internal`, PLATFORMS[i % 3], status, now, now, now);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Timing {
  p50: number;
  p99: number;
  pages: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), pages: samples.length };
}

async function walkHttp(
  url: string,
  apiKey: string,
  limit: number,
): Promise<{ times: number[]; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  let cursor: string | null = null;
  const maxPages = Math.ceil(AGENTS / limit) + 1;
  for (let page = 0; page < maxPages; page += 1) {
    const query: string = cursor === null ? `limit=${limit}` : `limit=${limit}&cursor=${cursor}`;
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/api/agents?${query}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const body = (await response.json()) as { data: unknown[]; meta: { page: { cursor: string | null } } };
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (response.status !== 200) throw new Error(`page ${page}: HTTP ${response.status}`);
    rows += body.data.length;
    cursor = body.meta.page.cursor;
    if (cursor === null) break;
  }
  return { times, rows };
}

/** The query the repository runs (limit + 1 rows, to know whether a next page exists). */
function walkSqlite(file: string, limit: number): { times: number[]; rows: number } {
  const db = new Database(file, { readonly: true });
  const first = db.prepare('select * from agents order by id limit ?');
  const next = db.prepare('select * from agents where id > ? order by id limit ?');
  const times: number[] = [];
  let rows = 0;
  let after: string | null = null;
  const maxPages = Math.ceil(AGENTS / limit) + 1;
  for (let page = 0; page < maxPages; page += 1) {
    const started = process.hrtime.bigint();
    const result = (after === null ? first.all(limit + 1) : next.all(after, limit + 1)) as { id: string }[];
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    const pageRows = result.slice(0, limit);
    rows += pageRows.length;
    after = result.length > limit ? (pageRows.at(-1)?.id ?? null) : null;
    if (after === null) break;
  }
  db.close();
  return { times, rows };
}

async function main(): Promise<void> {
  const dataDir = makeTempDataDir();
  try {
    const seedStart = Date.now();
    await seed(dataDir);
    console.log(`seeded ${AGENTS} agents in ${Date.now() - seedStart} ms`);
    const plane = await startControlPlaneProcess({ dataDir, env: { PLANASONIX_LOG_LEVEL: 'warn' } });
    try {
      console.log(
        'limit | pages | HTTP p50 ms | HTTP p99 ms | SQLite p50 ms | SQLite p99 ms | ratio p50 | ratio p99',
      );
      for (const limit of LIMITS) {
        const http: number[] = [];
        const sqlite: number[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          const overHttp = await walkHttp(plane.url, plane.apiKey, limit);
          const direct = walkSqlite(join(dataDir, DATABASE_FILE_NAME), limit);
          if (overHttp.rows !== AGENTS || direct.rows !== AGENTS) {
            throw new Error(
              `walked ${overHttp.rows} rows over HTTP and ${direct.rows} on SQLite, not ${AGENTS}`,
            );
          }
          http.push(...overHttp.times);
          sqlite.push(...direct.times);
        }
        const h = summarise(http);
        const s = summarise(sqlite);
        console.log(
          [limit, h.pages, h.p50, h.p99, s.p50, s.p99, h.p50 / s.p50, h.p99 / s.p99]
            .map((n, i) => (i < 2 ? String(n) : n.toFixed(i >= 6 ? 1 : 3)))
            .join(' | '),
        );
      }
    } finally {
      await plane.stop({ keepDataDir: true });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
