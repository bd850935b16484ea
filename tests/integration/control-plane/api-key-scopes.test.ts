import { beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, CreatedApiKey, type ApiScope } from '../../../src-shared/rest/api-keys.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';

/**
 * Every scope on every route: a key holding only scope S calls route R, and gets in (any answer but
 * 401/403) exactly when S is R's scope or `admin`; otherwise 403 `insufficient_scope` naming R's
 * scope. The table below is the contract: a route added without a row, or a row's scope changed,
 * fails the first test.
 */
const plane = controlPlanePerFile();
const api = plane.api;

const SCOPE_OF: Record<string, ApiScope | null> = {
  'GET /healthz': null,
  'GET /readyz': null,
  'GET /openapi.json': null,
  'POST /api/agents/enroll': null,
  'GET /api/agents': 'agents:read',
  'POST /api/agents': 'agents:write',
  'GET /api/agents/connected': 'agents:read',
  'GET /api/agents/{id}': 'agents:read',
  'DELETE /api/agents/{id}': 'agents:write',
  'GET /api/agents/{id}/health': 'agents:read',
  'POST /api/agents/revoke/{id}': 'agents:write',
  'POST /api/agents/enable/{id}': 'agents:write',
  'GET /api/agents/installer/{agentId}/{platform}': 'agents:read',
  'GET /api/agents/manual-install/{agentId}': 'agents:read',
  'POST /v1/jobs': 'jobs:write',
  'GET /v1/jobs': 'jobs:read',
  'GET /v1/jobs/{id}': 'jobs:read',
  'GET /v1/jobs/{id}/logs': 'jobs:read',
  'POST /v1/jobs/{id}/cancel': 'jobs:write',
  'POST /v1/api-keys': 'admin',
  'GET /v1/api-keys': 'admin',
  'DELETE /v1/api-keys/{id}': 'admin',
  'GET /v1/audit': 'audit:read',
  'GET /metrics': 'metrics:read',
};

interface Operation {
  security?: { bearerAuth: string[] }[];
}

/** Fills a path with ids of the right kind that name nothing, so no call changes anything. */
function concrete(path: string): string {
  const prefix = path.startsWith('/v1/jobs') ? 'job_' : path.startsWith('/v1/api-keys') ? 'key_' : 'agt_';
  return path
    .replace('{platform}', 'linux')
    .replace(/\{(id|agentId)\}/g, `${prefix}00000000000000000000000000`);
}

const keys = new Map<ApiScope, string>();

beforeAll(async () => {
  for (const scope of API_SCOPES) {
    const created = await api('/v1/api-keys', {
      method: 'POST',
      body: { name: `only ${scope}`, scopes: [scope] },
    });
    expect(created.status).toBe(201);
    keys.set(scope, CreatedApiKey.parse(dataOf(created)).key);
  }
});

async function operations(): Promise<[string, ApiScope | null][]> {
  const doc = (await api('/openapi.json')).json as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]): [string, ApiScope | null] => [
      `${method.toUpperCase()} ${path}`,
      (op.security?.[0]?.bearerAuth[0] as ApiScope | undefined) ?? null,
    ]),
  );
}

describe('scopes on routes', () => {
  it('documents exactly the scope of the table for every operation of /openapi.json', async () => {
    expect(Object.fromEntries(await operations())).toEqual(SCOPE_OF);
  });

  it('lets a key in exactly when it holds the route scope or admin, and answers 403 naming the scope otherwise', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [operation, needed] of Object.entries(SCOPE_OF)) {
      if (needed === null) continue;
      const [method = '', path = ''] = operation.split(' ');
      for (const held of API_SCOPES) {
        const response = await api(concrete(path), { method, apiKey: keys.get(held) ?? '' });
        const allowed = held === needed || held === 'admin';
        expected.push(`${operation} with ${held}: ${allowed ? 'in' : `403 ${needed}`}`);
        if (response.status === 403) {
          const error = (response.json as { error: { code: string; message: string } }).error;
          expect(error.code).toBe('insufficient_scope');
          expect(response.headers['www-authenticate']).toContain(`scope="${needed}"`);
          outcomes.push(
            `${operation} with ${held}: 403 ${/with the (\S+) scope/.exec(error.message)?.[1] ?? '?'}`,
          );
        } else {
          expect(response.status, `${operation} with ${held}`).not.toBe(401);
          outcomes.push(`${operation} with ${held}: in`);
        }
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('answers 401 to an unknown key and to a revoked key on every route that needs a key', async () => {
    const created = await api('/v1/api-keys', {
      method: 'POST',
      body: { name: 'to revoke', scopes: ['admin'] },
    });
    const revoked = CreatedApiKey.parse(dataOf(created));
    expect((await api(`/v1/api-keys/${revoked.id}`, { method: 'DELETE' })).status).toBe(204);
    // Well-formed, with a real key's id, and a secret that is not its own.
    const adminKey = keys.get('admin') ?? '';
    const forged = adminKey.slice(0, -4) + (adminKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const [operation, needed] of Object.entries(SCOPE_OF)) {
      if (needed === null) continue;
      const [method = '', path = ''] = operation.split(' ');
      for (const key of [revoked.key, forged, 'plnx_key_nothing']) {
        const response = await api(concrete(path), { method, apiKey: key });
        expect({ operation, status: response.status }).toEqual({ operation, status: 401 });
        expect(response.json).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
  });
});
