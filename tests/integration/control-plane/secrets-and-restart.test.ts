import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY_PATTERN } from '../../../src-shared/rest/tokens.js';
import { apiClient } from '../../helpers/control-plane-client.js';
import {
  makeTempDataDir,
  startControlPlaneProcess,
  type ControlPlaneProcess,
} from '../../helpers/control-plane-process.js';
import { databaseFileBytes } from '../../helpers/plane-database.js';
import { postgresDataDir } from '../../helpers/postgres-databases.js';

const dataDir = makeTempDataDir();
const started: ControlPlaneProcess[] = [];

afterAll(async () => {
  for (const plane of started) await plane.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startControlPlaneProcess>[0] = {}) {
  const plane = await startControlPlaneProcess({ dataDir, ...options });
  started.push(plane);
  return plane;
}

/** Set by the first start: on PostgreSQL the CLI must be pointed at the same database. */
let databaseUrl: string | undefined;

async function databaseBytes(): Promise<Buffer> {
  return databaseFileBytes({ dataDir, databaseUrl }, await postgresDataDir());
}

function createKeyWithCli(name: string) {
  return spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-control-plane/cli/main.ts',
      'api-keys',
      'create',
      '--name',
      name,
      '--data-dir',
      dataDir,
    ],
    {
      cwd: join(import.meta.dirname, '../../..'),
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, ...(databaseUrl === undefined ? {} : { PLANASONIX_DATABASE_URL: databaseUrl }) },
    },
  );
}

describe('secrets and persistence', () => {
  const secrets: string[] = [];
  let agentId = '';
  let detailBefore: unknown;

  it('creates and prints one API key on a first start without any key, and only then', async () => {
    const first = await start({ apiKey: null, env: { PLANASONIX_LOG_LEVEL: 'info' } });
    databaseUrl = first.databaseUrl;
    const lines = first.stdout().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^api key \(shown once, store it now\): plnx_key_/);
    expect(first.apiKey).toMatch(API_KEY_PATTERN);
    secrets.push(first.apiKey);
    const api = apiClient(first.url, first.apiKey);
    expect((await api('/api/agents')).status).toBe(200);

    const created = await api('/api/agents', {
      method: 'POST',
      body: { label: 'keep-me', platform: 'windows', tags: ['a'], metadata: { site: 'lab' } },
    });
    const data = (created.json as { data: { id: string; enrollment_token: string } }).data;
    agentId = data.id;
    secrets.push(data.enrollment_token);
    const revoked = await api(`/api/agents/revoke/${agentId}`, {
      method: 'POST',
      body: { reason: 'rotate' },
    });
    expect(revoked.status).toBe(200);
    const enabled = await api(`/api/agents/enable/${agentId}`, { method: 'POST' });
    const fresh = (enabled.json as { data: { enrollment_token: string } }).data.enrollment_token;
    secrets.push(fresh);
    detailBefore = (await api(`/api/agents/${agentId}`)).json;
    // Failed auth with a real-looking key must not echo it either.
    await api('/api/agents', { apiKey: `${first.apiKey}x` });

    for (const secret of secrets) {
      expect(first.stderr()).not.toContain(secret);
      expect(first.stderr()).not.toContain(secret.slice(-43));
    }
    expect(first.stderr()).toContain('request completed');
    expect(await first.stop()).toEqual({ code: 0, signal: null });
  });

  it('prints a new key from `api-keys create`, valid for a running server', async () => {
    const result = createKeyWithCli('ci');
    expect(result.status).toBe(0);
    const key = result.stdout.trim();
    expect(key).toMatch(API_KEY_PATTERN);
    secrets.push(key);

    const plane = await start({ apiKey: null });
    expect(plane.stdout().trim()).toBe(`listening on ${plane.url}`);
    const api = apiClient(plane.url, key);
    expect((await api('/api/agents')).status).toBe(200);
    expect((await api('/api/agents', { apiKey: secrets[0] ?? '' })).status).toBe(200);

    const whileRunning = createKeyWithCli('second');
    expect(whileRunning.status).toBe(0);
    secrets.push(whileRunning.stdout.trim());
    expect((await api('/api/agents', { apiKey: whileRunning.stdout.trim() })).status).toBe(200);
    await plane.stop();
  });

  it('keeps agents across a restart of the real process', async () => {
    const plane = await start();
    const api = apiClient(plane.url, plane.apiKey);
    expect((await api(`/api/agents/${agentId}`)).json).toEqual(detailBefore);
    await plane.stop();
  });

  it('never stores a token or key secret in clear (database, WAL and shared memory files)', async () => {
    const bytes = await databaseBytes();
    expect(bytes.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(secret.slice(-43)))).toBe(false);
    }
    expect(bytes.includes(Buffer.from('keep-me'))).toBe(true);
  });

  it('refuses api-keys create without a name, and unknown flags, with exit 2', () => {
    const noName = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src-control-plane/cli/main.ts', 'api-keys', 'create', '--data-dir', dataDir],
      { cwd: join(import.meta.dirname, '../../..'), encoding: 'utf8', timeout: 30_000 },
    );
    expect(noName.status).toBe(2);
    expect(noName.stderr).toContain('--name');
  });
});
