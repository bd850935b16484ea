import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_SCOPES, ApiKey, CreatedApiKey } from '../../../src-shared/rest/api-keys.js';
import { API_KEY_PATTERN } from '../../../src-shared/rest/tokens.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import { waitUntil } from '../../helpers/wait-until.js';

const plane = controlPlanePerFile();
const api = plane.api;

async function createKey(name: string, scopes: readonly string[]): Promise<CreatedApiKey> {
  const response = await api('/v1/api-keys', { method: 'POST', body: { name, scopes } });
  expect(response.status).toBe(201);
  return CreatedApiKey.strict().parse(dataOf(response));
}

async function listAll(): Promise<ApiKey[]> {
  const keys: ApiKey[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
    const response = await api(`/v1/api-keys${query}`);
    expect(response.status).toBe(200);
    const page = response.json as { data: unknown[]; meta: { page: { cursor: string | null } } };
    keys.push(...page.data.map((key) => ApiKey.strict().parse(key)));
    cursor = page.meta.page.cursor;
  } while (cursor !== null);
  return keys;
}

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src-control-plane/cli/main.ts', 'api-keys', ...args, '--data-dir', plane.dataDir],
    {
      cwd: join(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        ...(plane.databaseUrl === undefined ? {} : { PLANASONIX_DATABASE_URL: plane.databaseUrl }),
      },
    },
  );
}

describe('/v1/api-keys', () => {
  it('answers a new key once, works with it, and lists it in pages without any secret', async () => {
    const created = await createKey('ci pipeline', ['agents:read', 'jobs:write']);
    expect(created.key).toMatch(API_KEY_PATTERN);
    expect(created).toMatchObject({
      name: 'ci pipeline',
      scopes: ['agents:read', 'jobs:write'],
      revoked_at: null,
    });
    expect((await api('/api/agents', { apiKey: created.key })).status).toBe(200);
    await createKey('second', ['audit:read']);
    await createKey('third', ['metrics:read']);

    const listed = await listAll();
    expect(listed.map((key) => key.name)).toEqual(['ci pipeline', 'second', 'third']);
    const raw = (await api('/v1/api-keys')).text;
    expect(raw).not.toContain(created.key);
    expect(raw).not.toContain(created.key.split('_').at(-1));
    // The use above is recorded (in the background, at most once a minute).
    await waitUntil(async () => (await listAll())[0]?.last_used_at, { message: 'last_used_at set' });
  });

  it('revokes a key at once: 401 from then on, the row kept with revoked_at, a second revoke 409, an unknown id 404', async () => {
    const created = await createKey('to revoke', ['agents:read']);
    expect((await api('/api/agents', { apiKey: created.key })).status).toBe(200);
    expect((await api(`/v1/api-keys/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    const after = await api('/api/agents', { apiKey: created.key });
    expect(after.status).toBe(401);
    expect(after.headers['www-authenticate']).toContain('invalid_token');
    expect((await listAll()).find((key) => key.id === created.id)?.revoked_at).not.toBeNull();
    const again = await api(`/v1/api-keys/${created.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: { code: 'api_key_already_revoked' } });
    for (const id of ['key_00000000000000000000000000', 'not-a-key', 'key_01jq8prod01']) {
      const unknown = await api(`/v1/api-keys/${id}`, { method: 'DELETE' });
      expect(unknown.status).toBe(404);
      expect(unknown.json).toMatchObject({ error: { code: 'api_key_not_found' } });
    }
  });

  it('lets only admin manage keys: a key cannot make a key, even with every other scope', async () => {
    const others = API_SCOPES.filter((scope) => scope !== 'admin');
    const strong = await createKey('everything but admin', others);
    const attempt = await api('/v1/api-keys', {
      method: 'POST',
      apiKey: strong.key,
      body: { name: 'escalate', scopes: ['admin'] },
    });
    expect(attempt.status).toBe(403);
    expect(attempt.json).toMatchObject({
      error: { code: 'insufficient_scope', message: expect.stringContaining('admin') as unknown },
    });
    expect((await listAll()).some((key) => key.name === 'escalate')).toBe(false);
  });

  it('answers bad input with 400 naming the field, and stores nothing', async () => {
    const before = (await listAll()).length;
    const cases: [unknown, string][] = [
      [{ scopes: ['admin'] }, 'name'],
      [{ name: '', scopes: ['admin'] }, 'name'],
      [{ name: '   ', scopes: ['admin'] }, 'name'],
      [{ name: 'x'.repeat(101), scopes: ['admin'] }, 'name'],
      [{ name: 'a' }, 'scopes'],
      [{ name: 'a', scopes: [] }, 'scopes'],
      [{ name: 'a', scopes: ['root'] }, 'scopes'],
      [{ name: 'a', scopes: ['admin', 'admin'] }, 'scopes'],
      [{ name: 'a', scopes: 'admin' }, 'scopes'],
      [{ name: 'a', scopes: ['admin'], owner: 'me' }, 'owner'],
    ];
    for (const [body, field] of cases) {
      const response = await api('/v1/api-keys', { method: 'POST', body });
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect((response.json as { error: { message: string } }).error.message).toContain(field);
    }
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
    ]) {
      const response = await api(`/v1/api-keys?${query}`);
      expect(response.status).toBe(400);
      expect((response.json as { error: { message: string } }).error.message).toContain(field);
    }
    const badCursor = await api('/v1/api-keys?cursor=nope');
    expect(badCursor.status).toBe(400);
    expect(badCursor.json).toMatchObject({
      error: { code: 'invalid_cursor', message: expect.stringContaining('cursor') as unknown },
    });
    expect((await listAll()).length).toBe(before);
  });

  it('creates a scoped key and revokes it from the CLI while the server runs (the key answers 401 at once)', async () => {
    const created = cli('create', '--name', 'from cli', '--scope', 'jobs:read');
    expect(created.status, created.stderr).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(API_KEY_PATTERN);
    expect((await api('/v1/jobs', { apiKey: key })).status).toBe(200);
    expect((await api('/api/agents', { apiKey: key })).status).toBe(403);

    const id = (await listAll()).find((listed) => listed.name === 'from cli')?.id ?? '';
    const revoked = cli('revoke', id);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout.trim()).toBe(`revoked ${id}`);
    await waitUntil(async () => (await api('/v1/jobs', { apiKey: key })).status, {
      message: 'the revoked key refused',
      until: (status) => status === 401,
      timeoutMs: 1_000,
    });
    const unknown = cli('revoke', 'key_00000000000000000000000000');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('key_00000000000000000000000000');

    // The CLI's changes are in the audit trail with no key and no address.
    const db = openPlaneDatabase(plane);
    try {
      const rows = await db.all<{ action: string; key_id: string | null; remote_address: string | null }>(
        'select action, key_id, remote_address from audit_events where target = ? order by id',
        id,
      );
      expect(rows).toEqual([
        { action: 'api_key.created', key_id: null, remote_address: null },
        { action: 'api_key.revoked', key_id: null, remote_address: null },
      ]);
    } finally {
      await db.close();
    }
  });
});
