import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_PATH } from '../../../src-shared/agent-protocol/index.js';
import { ErrorEnvelope } from '../../../src-shared/rest/errors.js';
import { apiClient, type ApiClient } from '../../helpers/control-plane-client.js';
import { openPlaneDatabase, type PlaneDatabase } from '../../helpers/plane-database.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';
import { makeReleaseFixture, type ReleaseFixture } from '../../helpers/release-fixtures.js';

/**
 * Generated requests against every route of the real server: bodies, query strings, path
 * parameters and headers. Whatever arrives, the answer is never a 5xx, the process never dies, the
 * error envelope is always used, and a refused request leaves every table exactly as it was.
 *
 * The routes are the server's own /openapi.json, so a route added to the table is covered with no
 * change here, plus the one path it does not describe: the protocol's WebSocket, asked as plain HTTP.
 */
let plane: ControlPlaneProcess;
let api: ApiClient;
// Every platform has a package, so an installer download never answers 503 here.
let release: ReleaseFixture;
let templates: string[];
/** `path name` -> the parameter's pattern, from its schema: an `existing` id is one that matches. */
let idPatterns: Map<string, RegExp>;
// One handle for every snapshot: a new PostgreSQL pool per snapshot outlasts the timeout under load.
let db: PlaneDatabase;

interface Parameter {
  name: string;
  in: string;
  schema?: { pattern?: string };
}
type OpenApiPaths = Record<string, Record<string, { parameters?: Parameter[] }>>;

const validJob = {
  name: 'generated',
  steps: [{ name: 'only', run: 'echo generated' }],
  target: { tags: ['nowhere'] },
};

beforeAll(async () => {
  release = makeReleaseFixture(['linux', 'windows', 'macos'], 4096);
  plane = await startControlPlaneProcess({ args: ['--release-dir', release.dir] });
  api = apiClient(plane.url, plane.apiKey);
  db = openPlaneDatabase(plane);
  for (const label of ['alpha', 'beta', 'gamma']) {
    await api('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
  }
  for (let i = 0; i < 3; i++)
    await cancelCreatedJob((await api('/v1/jobs', { method: 'POST', body: validJob })).json);
  const document = (await api('/openapi.json')).json as { paths: OpenApiPaths };
  templates = [...Object.keys(document.paths), SESSION_PATH];
  idPatterns = new Map(
    Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.values(operations)
        .flatMap((operation) => operation.parameters ?? [])
        .filter((p) => p.in === 'path' && p.schema?.pattern !== undefined)
        .map((p) => [`${path} ${p.name}`, new RegExp(p.schema?.pattern ?? '')] as const),
    ),
  );
});

afterAll(async () => {
  await db?.close();
  await plane.stop();
  release.remove();
});

/**
 * A job stays queued here (no agent): it is cancelled at once, so no sweeper changes it while the
 * property runs and following its logs answers at once instead of waiting for it to end.
 */
async function cancelCreatedJob(json: unknown): Promise<void> {
  const data = (json as { data?: { id?: unknown; status?: unknown } } | undefined)?.data;
  const id = data?.id;
  if (typeof id !== 'string' || !id.startsWith('job_') || data?.status !== 'queued') return;
  const cancelled = await api(`/v1/jobs/${id}/cancel`, { method: 'POST' });
  expect(cancelled.status, cancelled.text).toBeLessThan(300);
}

/**
 * Columns that change with no state changing, masked: each replica touches its row while it runs,
 * and a key's last use is written in the background, at most once a minute, refused call or not.
 */
const CLOCK_COLUMNS: Record<string, readonly string[]> = {
  replicas: ['last_seen'],
  api_keys: ['last_used_at'],
};

/** A refusal is recorded by design (the audit trail), in the background: those rows are not state. */
const isRefusalRecord = (table: string, row: Record<string, unknown>) =>
  table === 'audit_events' && row.outcome === 'refused';

async function snapshot(): Promise<{ text: string; tables: string[]; ids: string[] }> {
  const tables = (
    await db.all<{ name: string }>(
      plane.databaseUrl === undefined
        ? "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
        : "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
    )
  ).map((row) => row.name);
  const contents: Record<string, string[]> = {};
  for (const table of tables) {
    const masked = CLOCK_COLUMNS[table] ?? [];
    contents[table] = (await db.all<Record<string, unknown>>(`select * from ${table}`))
      .filter((row) => !isRefusalRecord(table, row))
      .map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !masked.includes(column))))
      .sort();
  }
  const ids = [
    ...(await db.all<{ id: string }>('select id from agents order by id')),
    ...(await db.all<{ id: string }>('select id from jobs order by id')),
  ].map((row) => row.id);
  return { text: JSON.stringify(contents), tables, ids };
}

const printable = fc.string({
  unit: fc.constantFrom(...'abcAZ09-_.~%:/?#[]@!$&\'()*+,;= "<>{}|\\^`'.split('')),
  maxLength: 40,
});
const anyText = fc.oneof(
  printable,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const paramArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ existing: fc.nat() }) },
  fc.record({
    literal: fc.constantFrom(
      'agt_00000000000000000000000000',
      'job_00000000000000000000000000',
      'agt_',
      'AGT_01',
      '..',
      'connected',
      'linux',
      'windows',
      'macos',
    ),
  }),
  fc.record({ literal: anyText.map(encodeURIComponent) }),
  fc.record({ literal: printable.filter((s) => !s.includes('/') && !s.includes('?') && !s.includes('#')) }),
);

const queryArb = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'status',
          'label',
          'limit',
          'cursor',
          'x',
          'limit[]',
          'platform',
          'agent_id',
          'follow',
        ),
        fc.oneof(anyText, fc.integer().map(String), fc.constantFrom('0', '1', 'queued', 'cancelled')),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  printable,
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      label: fc.oneof(anyText, fc.jsonValue({ maxDepth: 1 })),
      platform: fc.oneof(fc.constantFrom('linux', 'windows', 'macos'), anyText),
      tags: fc.oneof(fc.array(anyText, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
      metadata: fc.oneof(
        fc.dictionary(anyText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      reason: fc.oneof(anyText, fc.jsonValue({ maxDepth: 1 })),
      token_ttl_seconds: fc.oneof(fc.integer(), fc.double(), anyText),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      name: fc.oneof(anyText, fc.jsonValue({ maxDepth: 1 })),
      steps: fc.oneof(
        fc.array(
          fc.record(
            {
              name: anyText,
              run: anyText,
              env: fc.dictionary(anyText, fc.oneof(anyText, fc.jsonValue({ maxDepth: 1 })), { maxKeys: 2 }),
              timeout_seconds: fc.oneof(fc.integer(), fc.double(), anyText),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      target: fc.oneof(
        fc.record(
          { agent_id: anyText, tags: fc.array(anyText, { maxLength: 2 }), capabilities: fc.array(anyText) },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      timeout_seconds: fc.oneof(fc.integer(), fc.double(), anyText),
      cancel_grace_seconds: fc.oneof(fc.integer(), fc.double(), anyText),
    },
    { requiredKeys: [] },
  ),
  fc.constant(validJob),
);

const bodyArb = fc.oneof(
  fc.constant(undefined),
  jsonBody.map((value) => JSON.stringify(value)),
  anyText,
  fc.constantFrom('{"label": ', '{"__proto__": {"x": 1}}', '[', 'null', '""'),
);

const headerArb = fc.record(
  {
    'content-type': fc.oneof(
      { weight: 3, arbitrary: fc.constant('application/json') },
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/xml',
        'application/json; charset=latin1',
        '',
      ),
      printable.filter((s) => /^[\x21-\x7e ]*$/.test(s)),
    ),
    authorization: fc.oneof(
      fc.constant('valid'),
      fc.constant('Bearer '),
      printable.filter((s) => /^[\x21-\x7e ]*$/.test(s)),
    ),
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml'),
    'x-extra': printable.filter((s) => /^[\x21-\x7e ]*$/.test(s)),
  },
  { requiredKeys: [] },
);

/** Built once the document is read: the templates come from the running server. */
function requestArb() {
  return fc.record({
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') },
      { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'HEAD') },
    ),
    template: fc.constantFrom(...templates),
    params: fc.array(paramArb, { minLength: 2, maxLength: 2 }),
    query: queryArb,
    body: bodyArb,
    headers: headerArb,
  });
}

describe('generated requests', () => {
  // Two snapshots of every table per request: on PostgreSQL under load this outlasts the default timeout.
  it('on every route of /openapi.json never get a 5xx, always get the envelope, and change no table when refused', async () => {
    const statuses = new Map<number, number>();
    const requested = new Set<string>();
    const initial = await snapshot();
    // The snapshot reaches the tables of every feature, not a chosen few.
    expect(initial.tables).toEqual(
      expect.arrayContaining(['agents', 'api_keys', 'jobs', 'job_events', 'replicas']),
    );
    await fc.assert(
      fc.asyncProperty(requestArb(), async (generated) => {
        const before = await snapshot();
        let next = 0;
        const path =
          generated.template.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => {
            const param = generated.params[next++ % generated.params.length] ?? { literal: '' };
            if ('literal' in param) return param.literal;
            const pattern = idPatterns.get(`${generated.template} ${name}`);
            const pool = before.ids.filter((id) => pattern?.test(id) ?? true);
            return pool[param.existing % Math.max(1, pool.length)] ?? 'none';
          }) + (generated.query === '' ? '' : `?${generated.query}`);
        const { authorization, ...headers } = generated.headers;
        const sendsOwnAuthorization = authorization !== undefined && authorization !== 'valid';
        const response = await api(path, {
          method: generated.method,
          ...(generated.body === undefined ? {} : { rawBody: generated.body }),
          headers: sendsOwnAuthorization ? { ...headers, authorization } : headers,
          apiKey: sendsOwnAuthorization ? null : plane.apiKey,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        requested.add(generated.template);

        expect(response.status, `${generated.method} ${path}`).toBeLessThan(500);
        if (response.status >= 400) {
          if (generated.method !== 'HEAD')
            expect(ErrorEnvelope.safeParse(response.json).success, response.text).toBe(true);
          expect((await snapshot()).text, `${generated.method} ${path}`).toBe(before.text);
        } else {
          await cancelCreatedJob(response.json);
        }
      }),
      { numRuns: 400 },
    );
    // The generators reach every route, successes as well as every kind of refusal, or the property
    // proves little.
    expect([...requested].sort()).toEqual([...templates].sort());
    for (const status of [200, 400, 401, 404, 405, 415]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect((await api('/healthz')).status).toBe(200);
    expect(plane.stderr()).not.toMatch(/"level":(50|60)/);
  }, 180_000);
});
