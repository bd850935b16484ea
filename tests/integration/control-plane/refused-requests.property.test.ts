import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLL_PATH } from '../../../src-shared/agent-protocol/index.js';
import { ErrorEnvelope } from '../../../src-shared/rest/errors.js';
import { apiClient, type ApiClient } from '../../helpers/control-plane-client.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';
import { makeReleaseFixture, type ReleaseFixture } from '../../helpers/release-fixtures.js';

/**
 * Generated requests against every route of the real server: bodies, query strings, path
 * parameters and headers. Whatever arrives, the answer is never a 5xx, the process never dies, the
 * error envelope is always used, and a refused request leaves the database exactly as it was.
 */
let plane: ControlPlaneProcess;
let api: ApiClient;
// Every platform has a package, so an installer download never answers 503 here.
let release: ReleaseFixture;

beforeAll(async () => {
  release = makeReleaseFixture(['linux', 'windows', 'macos'], 4096);
  plane = await startControlPlaneProcess({ args: ['--release-dir', release.dir] });
  api = apiClient(plane.url, plane.apiKey);
  for (const label of ['alpha', 'beta', 'gamma']) {
    await api('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
  }
});

afterAll(async () => {
  await plane.stop();
  release.remove();
});

async function snapshot(): Promise<{ text: string; agentIds: string[] }> {
  const db = openPlaneDatabase(plane);
  try {
    const agents = await db.all<{ id: string }>('select * from agents order by id');
    const keys = await db.all('select * from api_keys order by id');
    return { text: JSON.stringify({ agents, keys }), agentIds: agents.map((a) => a.id) };
  } finally {
    await db.close();
  }
}

const templates = [
  '/api/agents',
  '/api/agents/connected',
  '/api/agents/{id}',
  '/api/agents/{id}/health',
  '/api/agents/revoke/{id}',
  '/api/agents/enable/{id}',
  '/api/agents/installer/{id}/linux',
  '/api/agents/installer/{id}/macos',
  '/api/agents/installer/{id}/{id}',
  '/api/agents/manual-install/{id}',
  '/healthz',
  '/openapi.json',
  ENROLL_PATH,
] as const;

const printable = fc.string({
  unit: fc.constantFrom(...'abcAZ09-_.~%:/?#[]@!$&\'()*+,;= "<>{}|\\^`'.split('')),
  maxLength: 40,
});
const anyText = fc.oneof(
  printable,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const idArb = fc.oneof(
  fc.record({ existing: fc.nat() }),
  fc.record({
    literal: fc.constantFrom('agt_00000000000000000000000000', 'agt_', 'AGT_01', '..', 'connected'),
  }),
  fc.record({ literal: anyText.map(encodeURIComponent) }),
  fc.record({ literal: printable.filter((s) => !s.includes('/') && !s.includes('?') && !s.includes('#')) }),
);

const queryArb = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('status', 'label', 'limit', 'cursor', 'x', 'limit[]', 'platform'),
        fc.oneof(anyText, fc.integer().map(String)),
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

const requestArb = fc.record({
  method: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('GET', 'POST', 'DELETE') },
    { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'OPTIONS', 'HEAD') },
  ),
  template: fc.constantFrom(...templates),
  id: idArb,
  query: queryArb,
  body: bodyArb,
  headers: headerArb,
});

describe('generated requests', () => {
  it('never get a 5xx, always get the envelope, and change nothing when refused', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (generated) => {
        const before = await snapshot();
        const id =
          'existing' in generated.id
            ? (before.agentIds[generated.id.existing % Math.max(1, before.agentIds.length)] ?? 'agt_none')
            : generated.id.literal;
        const path =
          generated.template.replaceAll('{id}', id) + (generated.query === '' ? '' : `?${generated.query}`);
        const { authorization, ...headers } = generated.headers;
        const sendsOwnAuthorization = authorization !== undefined && authorization !== 'valid';
        const response = await api(path, {
          method: generated.method,
          ...(generated.body === undefined ? {} : { rawBody: generated.body }),
          headers: sendsOwnAuthorization ? { ...headers, authorization } : headers,
          apiKey: sendsOwnAuthorization ? null : plane.apiKey,
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);

        expect(response.status, `${generated.method} ${path}`).toBeLessThan(500);
        if (response.status >= 400) {
          if (generated.method !== 'HEAD')
            expect(ErrorEnvelope.safeParse(response.json).success, response.text).toBe(true);
          expect((await snapshot()).text).toBe(before.text);
        }
      }),
      { numRuns: 400 },
    );
    // The generators reach successes as well as every kind of refusal, or the property proves little.
    for (const status of [200, 400, 401, 404, 405, 415]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect((await api('/healthz')).status).toBe(200);
    expect(plane.stderr()).not.toMatch(/"level":(50|60)/);
  });
});
