import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorEnvelope } from '../../../src-shared/rest/errors.js';
import { apiClient, dataOf, type ApiClient } from '../../helpers/control-plane-client.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';
import { makeReleaseFixture, sha256Hex, type ReleaseFixture } from '../../helpers/release-fixtures.js';
import { unpackBundle } from './unpack-bundle.js';
import { waitUntil } from '../../helpers/wait-until.js';

/**
 * GET /api/agents/installer/{agentId}/{platform} on the real control plane, with a release folder of
 * stand-in packages: what an operator downloads, unpacks and installs.
 */
const PUBLIC_URL = 'https://agents.example.test/planasonix';

let release: ReleaseFixture;
let plane: ControlPlaneProcess;
let api: ApiClient;
let agentId: string;

async function createAgent(client: ApiClient, label: string): Promise<string> {
  const response = await client('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
  expect(response.status).toBe(201);
  return (dataOf(response) as { id: string }).id;
}

async function download(base: string, path: string, apiKey: string | null) {
  const response = await fetch(new URL(path, base), {
    headers: apiKey === null ? {} : { authorization: `Bearer ${apiKey}` },
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, json: parseJson(body) };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function expectError(json: unknown, code: string): string {
  const envelope = ErrorEnvelope.parse(json);
  expect(envelope.error.code).toBe(code);
  return envelope.error.message;
}

beforeAll(async () => {
  release = makeReleaseFixture(['linux', 'windows', 'macos']);
  plane = await startControlPlaneProcess({
    args: ['--release-dir', release.dir, '--public-url', PUBLIC_URL],
  });
  api = apiClient(plane.url, plane.apiKey);
  agentId = await createAgent(api, 'installer-target');
});

afterAll(async () => {
  await plane.stop();
  release.remove();
});

describe('installer download', () => {
  it.each([
    ['linux', 'tar.gz', 'application/gzip', 'install.sh'],
    ['windows', 'zip', 'application/zip', 'install.ps1'],
    ['macos', 'zip', 'application/zip', 'install.sh'],
  ] as const)(
    '%s: a %s holding the release package byte for byte, its install script and the config',
    async (platform, kind, contentType, script) => {
      const response = await download(
        plane.url,
        `/api/agents/installer/${agentId}/${platform}`,
        plane.apiKey,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);
      const fileName = `planasonix-agent-${platform}-${agentId}.${kind}`;
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);

      const files = await unpackBundle(response.body, kind);
      const expected = release.packages[platform];
      expect([...files.keys()].sort()).toEqual([expected?.fileName, script, 'planasonix-agent.json'].sort());
      const inner = files.get(expected?.fileName ?? '');
      expect(inner && sha256Hex(inner.bytes)).toBe(expected?.sha256);
      expect(JSON.parse(files.get('planasonix-agent.json')?.bytes.toString('utf8') ?? '')).toEqual({
        api_host: PUBLIC_URL,
        agent_id: agentId,
      });
      expect(files.get(script)?.bytes.length).toBeGreaterThan(0);
      if (kind === 'tar.gz') expect(files.get(script)?.mode).toBe(0o755);
    },
  );

  it('never carries the enrollment token', async () => {
    const created = await api('/api/agents', {
      method: 'POST',
      body: { label: 'token-check', platform: 'linux' },
    });
    const { id, enrollment_token: token } = dataOf(created) as { id: string; enrollment_token: string };
    const response = await download(plane.url, `/api/agents/installer/${id}/linux`, plane.apiKey);
    const files = await unpackBundle(response.body, 'tar.gz');
    for (const file of files.values()) expect(file.bytes.includes(token)).toBe(false);
  });

  it('refuses an unknown platform with 400 naming the platforms', async () => {
    const response = await download(plane.url, `/api/agents/installer/${agentId}/solaris`, plane.apiKey);
    expect(response.status).toBe(400);
    expect(expectError(response.json, 'invalid_request')).toBe(
      'platform: must be one of linux, windows, macos',
    );
  });

  it('answers 404 agent_not_found for an unknown agent id and for any text that is not one of our ids', async () => {
    for (const id of [`agt_${'0'.repeat(26)}`, 'agt_nope', 'agt_01jq8prod01']) {
      const missing = await download(plane.url, `/api/agents/installer/${id}/linux`, plane.apiKey);
      expect(missing.status).toBe(404);
      expectError(missing.json, 'agent_not_found');
    }
  });

  it('refuses a revoked agent with 403 agent_revoked, and serves it again once enabled', async () => {
    const id = await createAgent(api, 'to-revoke');
    expect((await api(`/api/agents/revoke/${id}`, { method: 'POST' })).status).toBe(200);
    const refused = await download(plane.url, `/api/agents/installer/${id}/linux`, plane.apiKey);
    expect(refused.status).toBe(403);
    expect(expectError(refused.json, 'agent_revoked')).toContain(`POST /api/agents/enable/${id}`);
    expect((await api(`/api/agents/enable/${id}`, { method: 'POST' })).status).toBe(200);
    expect((await download(plane.url, `/api/agents/installer/${id}/linux`, plane.apiKey)).status).toBe(200);
  });

  it('needs the API key like every /api route', async () => {
    const response = await download(plane.url, `/api/agents/installer/${agentId}/linux`, null);
    expect(response.status).toBe(401);
    expectError(response.json, 'unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('is described in /openapi.json as a binary answer', async () => {
    const doc = (await api('/openapi.json')).json as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const responses = doc.paths['/api/agents/installer/{agentId}/{platform}']?.get?.responses ?? {};
    const binary = { schema: { type: 'string', format: 'binary' } };
    expect(responses['200']?.content).toEqual({ 'application/gzip': binary, 'application/zip': binary });
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '503']));
    expect(doc.paths['/api/agents/manual-install/{agentId}']?.get?.responses['200']).toBeDefined();
  });
});

describe('installer download without the package', () => {
  let partial: ReleaseFixture;
  let linuxOnly: ControlPlaneProcess;
  let bare: ControlPlaneProcess;

  beforeAll(async () => {
    partial = makeReleaseFixture(['linux']);
    [linuxOnly, bare] = await Promise.all([
      startControlPlaneProcess({ args: ['--release-dir', partial.dir] }),
      startControlPlaneProcess(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([linuxOnly.stop(), bare.stop()]);
    partial.remove();
  });

  it('answers 503 naming the missing artifact, and still serves the platform it has', async () => {
    const id = await createAgent(apiClient(linuxOnly.url, linuxOnly.apiKey), 'partial');
    const windows = await download(linuxOnly.url, `/api/agents/installer/${id}/windows`, linuxOnly.apiKey);
    expect(windows.status).toBe(503);
    expect(expectError(windows.json, 'installer_unavailable')).toBe(
      'no windows installer available: planasonix-agent-<version>-win-<arch>.msi is not in the release folder',
    );
    expect(windows.body.toString('utf8')).not.toContain(partial.dir);
    const linux = await download(linuxOnly.url, `/api/agents/installer/${id}/linux`, linuxOnly.apiKey);
    expect(linux.status).toBe(200);
    // No --public-url: the config names the listen URL.
    const config = (await unpackBundle(linux.body, 'tar.gz')).get('planasonix-agent.json');
    expect(JSON.parse(config?.bytes.toString('utf8') ?? '')).toEqual({
      api_host: linuxOnly.url,
      agent_id: id,
    });
  });

  it('answers 503 when no release folder is configured', async () => {
    const id = await createAgent(apiClient(bare.url, bare.apiKey), 'bare');
    const response = await download(bare.url, `/api/agents/installer/${id}/linux`, bare.apiKey);
    expect(response.status).toBe(503);
    expect(expectError(response.json, 'installer_unavailable')).toBe(
      'no linux installer available: no release folder is configured (--release-dir)',
    );
    // Logged for the operator as one warning naming the condition, not as an error with a stack.
    await waitUntil(() => bare.stderr().includes('installer_unavailable'), {
      message: 'the warning logged',
      timeoutMs: 2_000,
    });
    const logged =
      bare
        .stderr()
        .split('\n')
        .find((line) => line.includes('installer_unavailable')) ?? '';
    expect(JSON.parse(logged)).toMatchObject({ level: 40, code: 'installer_unavailable' });
    expect(logged).not.toContain('"stack"');
    expect(bare.stderr()).not.toMatch(/"level":(50|60)/);
  });
});
