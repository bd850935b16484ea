import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelope } from '../../../src-shared/rest/errors.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';

const plane = controlPlanePerFile();
const api = plane.api;
let agentId: string;

beforeAll(async () => {
  const created = await api('/api/agents', { method: 'POST', body: { label: 'errors', platform: 'linux' } });
  agentId = (created.json as { data: { id: string } }).data.id;
});

const apiRoutes = () => [
  ['GET', '/api/agents'],
  ['POST', '/api/agents'],
  ['GET', '/api/agents/connected'],
  ['GET', `/api/agents/${agentId}`],
  ['DELETE', `/api/agents/${agentId}`],
  ['GET', `/api/agents/${agentId}/health`],
  ['POST', `/api/agents/revoke/${agentId}`],
  ['POST', `/api/agents/enable/${agentId}`],
];

describe('authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown key', { authorization: 'Bearer plnx_key_01jq8pr0d01abcdefghjkmnpqr_' + 'A'.repeat(43) }],
    ['a key of another shape', { authorization: 'Bearer not-a-key' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('refuses %s on every /api route with 401, WWW-Authenticate and the envelope', async (_name, headers) => {
    for (const [method, path] of apiRoutes()) {
      const response = await api(path ?? '', {
        method,
        apiKey: null,
        headers,
        body: { label: 'x', platform: 'linux' },
      });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(ErrorEnvelope.parse(response.json).error.code).toBe('unauthorized');
    }
    // The agent was neither deleted, revoked nor created twice by any refused request.
    const detail = await api(`/api/agents/${agentId}`);
    expect((detail.json as { data: { status: string } }).data.status).toBe('pending');
  });

  it('accepts the scheme in any case', async () => {
    const response = await api('/api/agents', {
      apiKey: null,
      headers: { authorization: `bearer ${plane.apiKey}` },
    });
    expect(response.status).toBe(200);
  });

  it('serves /healthz and /openapi.json without a key', async () => {
    expect((await api('/healthz', { apiKey: null })).status).toBe(200);
    expect((await api('/openapi.json', { apiKey: null })).status).toBe(200);
  });
});

describe('routing errors', () => {
  it.each([
    ['PUT', '/api/agents', 'GET, POST, HEAD'],
    ['PATCH', '/api/agents/agt_00000000000000000000000000', 'GET, DELETE, HEAD'],
    ['GET', '/api/agents/revoke/agt_00000000000000000000000000', 'POST'],
    ['DELETE', '/api/agents/agt_00000000000000000000000000/health', 'GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await api(path, { method });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.json).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it.each(['/api/nothing', '/v1/agents', '/api/agents/x/y/z', '/'])(
    'answers %s with 404 route_not_found',
    async (path) => {
      const response = await api(path);
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ error: { code: 'route_not_found' } });
    },
  );

  it('answers a badly encoded path with 400', async () => {
    const response = await api('/api/agents/%zz');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: { code: 'invalid_request', message: 'path: is not a valid URL' },
    });
  });
});

describe('body errors', () => {
  const post = (rawBody: string | Buffer, contentType: string, path = '/api/agents') =>
    api(path, { method: 'POST', rawBody, headers: { 'content-type': contentType } });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await post('{"label": ', 'application/json');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { code: 'malformed_json', message: 'body: is not valid JSON' } });
  });

  it.each([
    '{"label":"a","platform":"linux","__proto__":{"x":1}}',
    '{"label":"a","platform":"linux","metadata":{"constructor":{"prototype":{"x":1}}}}',
  ])('refuses prototype-poisoning keys in %s', async (body) => {
    const response = await post(body, 'application/json');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: {
        code: 'invalid_request',
        message: 'body: must not contain "__proto__" or "constructor.prototype" keys',
      },
    });
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const big = JSON.stringify({ label: 'a', platform: 'linux', metadata: { pad: 'x'.repeat(100_000) } });
    const response = await post(big, 'application/json');
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers Content-Type %s with 415',
    async (type) => {
      for (const path of ['/api/agents', `/api/agents/revoke/${agentId}`]) {
        const response = await post('label=a', type, path);
        expect(response.status).toBe(415);
        expect(response.json).toEqual({
          error: { code: 'unsupported_media_type', message: 'Content-Type: must be application/json' },
        });
      }
    },
  );

  it.each([
    [undefined, 'body: is required'],
    [[], 'body: must be an object'],
    [{ platform: 'linux' }, 'label: is required'],
    [{ label: '', platform: 'linux' }, 'label: must not be empty'],
    [{ label: ' \t ', platform: 'linux' }, 'label: must not be blank'],
    [{ label: 'a'.repeat(201), platform: 'linux' }, 'label: must be at most 200 characters'],
    [{ label: 'a', platform: 'solaris' }, 'platform: must be one of linux, windows, macos'],
    [{ label: 'a', platform: 'linux', tags: 'x' }, 'tags: must be an array'],
    [{ label: 'a', platform: 'linux', tags: ['ok', 3] }, 'tags[1]: must be a string'],
    [
      { label: 'a', platform: 'linux', metadata: { k: { nested: 1 } } },
      'metadata.k: must be a string, number, boolean or null',
    ],
    [{ label: 'a', platform: 'linux', token_ttl_seconds: 10 }, 'token_ttl_seconds: must be at least 60'],
    [{ label: 'a', platform: 'linux', id: 'agt_x' }, 'id: is not a known field'],
  ])('answers create with %j by 400 naming the field', async (body, message) => {
    const response = await api('/api/agents', { method: 'POST', ...(body === undefined ? {} : { body }) });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { code: 'invalid_request', message } });
  });
});
