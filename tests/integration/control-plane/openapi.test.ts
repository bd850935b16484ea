import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES } from '../../../src-shared/rest/api-keys.js';
import { apiClient, type ApiClient } from '../../helpers/control-plane-client.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';

interface Operation {
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

let plane: ControlPlaneProcess;
let api: ApiClient;
let doc: Document;

beforeAll(async () => {
  plane = await startControlPlaneProcess();
  api = apiClient(plane.url, null);
  doc = (await api('/openapi.json')).json as Document;
});

afterAll(async () => {
  await plane.stop();
});

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 and lists every seed route with its method', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /healthz',
        'GET /openapi.json',
        'GET /api/agents',
        'POST /api/agents',
        'GET /api/agents/connected',
        'GET /api/agents/{id}',
        'DELETE /api/agents/{id}',
        'GET /api/agents/{id}/health',
        'POST /api/agents/revoke/{id}',
        'POST /api/agents/enable/{id}',
      ]),
    );
  });

  it('describes the validation the routes apply, auth, bodies and error answers', () => {
    const list = doc.paths['/api/agents']?.get;
    const limit = list?.parameters?.find((p) => p.name === 'limit');
    expect(limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 200 },
    });
    expect(list?.security).toEqual([{ bearerAuth: ['agents:read'] }]);
    expect(Object.keys(list?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(doc.paths['/api/agents/revoke/{id}']?.post?.security).toEqual([{ bearerAuth: ['agents:write'] }]);

    const create = doc.paths['/api/agents']?.post;
    expect(create?.requestBody?.required).toBe(true);
    expect(create?.requestBody?.content['application/json']?.schema).toMatchObject({
      required: ['label', 'platform'],
      additionalProperties: false,
    });
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '413', '415']),
    );

    expect(doc.paths['/api/agents/revoke/{id}']?.post?.requestBody?.required).toBe(false);
    expect(Object.keys(doc.paths['/api/agents/revoke/{id}']?.post?.responses ?? {})).toContain('409');
    expect(doc.paths['/api/agents/{id}']?.delete?.responses['204']).toBeDefined();
    expect(doc.paths['/healthz']?.get?.security).toBeUndefined();
  });

  it('names one known scope on every operation that needs a key, in its security and its description', () => {
    const secured = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security !== undefined)
        .map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(secured.length).toBeGreaterThan(15);
    for (const { at, op } of secured) {
      const scopes = (op.security as { bearerAuth: string[] }[])[0]?.bearerAuth ?? [];
      expect({ at, scopes: scopes.length }).toEqual({ at, scopes: 1 });
      expect(API_SCOPES).toContain(scopes[0]);
      expect(op.description).toContain(`\`${scopes[0]}\``);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('says when and why the fields that can be null before first contact are null', () => {
    const agent = doc.paths['/api/agents/{id}']?.get?.responses['200']?.content?.['application/json']?.schema;
    const health =
      doc.paths['/api/agents/{id}/health']?.get?.responses['200']?.content?.['application/json']?.schema;
    const fields = (schema: unknown) =>
      (schema as { properties: { data: { properties: Record<string, { description?: string }> } } })
        .properties.data.properties;
    expect(fields(agent).version?.description).toMatch(/null until/i);
    expect(fields(agent).last_seen_at?.description).toMatch(/null until/i);
    for (const name of [
      'heartbeat_at',
      'cpu_percent',
      'memory_percent',
      'disk_free_gb',
      'active_jobs',
      'queue_depth',
    ]) {
      expect({ name, description: fields(health)[name]?.description }).toMatchObject({
        name,
        description: expect.stringMatching(/null before the first heartbeat/) as unknown,
      });
    }
  });
});
