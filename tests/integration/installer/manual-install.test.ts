import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualInstallInstructions } from '../../../src-shared/rest/agent-installer.js';
import { ErrorEnvelope } from '../../../src-shared/rest/errors.js';
import { apiClient, dataOf, type ApiClient } from '../../helpers/control-plane-client.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';

/** GET /api/agents/manual-install/{agentId} on the real control plane, with and without --public-url. */
const PUBLIC_URL = 'https://api.example.test';

let plane: ControlPlaneProcess;
let api: ApiClient;
let agentId: string;

async function createAgent(client: ApiClient, label: string): Promise<string> {
  const response = await client('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
  return (dataOf(response) as { id: string }).id;
}

beforeAll(async () => {
  plane = await startControlPlaneProcess({ env: { PLANASONIX_PUBLIC_URL: `${PUBLIC_URL}/` } });
  api = apiClient(plane.url, plane.apiKey);
  agentId = await createAgent(api, 'manual');
});

afterAll(async () => {
  await plane.stop();
});

describe('manual-install instructions', () => {
  it('linux by default: the reference shape, downloading from the public URL', async () => {
    const response = await api(`/api/agents/manual-install/${agentId}`);
    expect(response.status).toBe(200);
    expect(dataOf(response)).toEqual({
      agent_id: agentId,
      steps: [
        {
          order: 1,
          title: 'Download bundle',
          command: `curl -fsSL "${PUBLIC_URL}/api/agents/installer/${agentId}/linux" -o planasonix-agent.tar.gz`,
        },
        {
          order: 2,
          title: 'Extract and install',
          command:
            'tar -xzf planasonix-agent.tar.gz && sudo ./install.sh --token "$PLANASONIX_ENROLLMENT_TOKEN"',
        },
      ],
      environment_variables: { PLANASONIX_API_HOST: PUBLIC_URL, PLANASONIX_AGENT_ID: agentId },
    });
  });

  it.each([
    ['linux', 'curl -fsSL', 'planasonix-agent.tar.gz', './install.sh'],
    ['windows', 'Invoke-WebRequest -Uri', 'planasonix-agent.zip', 'install.ps1'],
    ['macos', 'curl -fsSL', 'planasonix-agent.zip', './planasonix-agent/install.sh'],
  ])('%s: fetches its own bundle and runs its own script', async (platform, fetcher, archive, script) => {
    const response = await api(`/api/agents/manual-install/${agentId}?platform=${platform}`);
    expect(response.status).toBe(200);
    const data = ManualInstallInstructions.parse(dataOf(response));
    const [download, install] = data.steps;
    expect(download?.command).toBe(
      `${fetcher} "${PUBLIC_URL}/api/agents/installer/${agentId}/${platform}" ${platform === 'windows' ? '-OutFile' : '-o'} ${archive}`,
    );
    expect(install?.command).toContain(script);
    expect(data.environment_variables).toEqual({
      PLANASONIX_API_HOST: PUBLIC_URL,
      PLANASONIX_AGENT_ID: agentId,
    });
  });

  it('refuses an unknown platform, an unknown agent and a revoked one', async () => {
    const badPlatform = await api(`/api/agents/manual-install/${agentId}?platform=solaris`);
    expect(badPlatform.status).toBe(400);
    expect(ErrorEnvelope.parse(badPlatform.json).error.message).toBe(
      'platform: must be one of linux, windows, macos',
    );
    const unknown = await api(`/api/agents/manual-install/agt_${'1'.repeat(26)}`);
    expect(unknown.status).toBe(404);
    expect(ErrorEnvelope.parse(unknown.json).error.code).toBe('agent_not_found');

    const revokedId = await createAgent(api, 'revoked');
    await api(`/api/agents/revoke/${revokedId}`, { method: 'POST' });
    const revoked = await api(`/api/agents/manual-install/${revokedId}`);
    expect(revoked.status).toBe(403);
    expect(ErrorEnvelope.parse(revoked.json).error.code).toBe('agent_revoked');
  });

  it('without --public-url, the commands name the listen URL', async () => {
    const local = await startControlPlaneProcess();
    try {
      const client = apiClient(local.url, local.apiKey);
      const id = await createAgent(client, 'local');
      const data = ManualInstallInstructions.parse(dataOf(await client(`/api/agents/manual-install/${id}`)));
      expect(data.steps[0]?.command).toContain(`"${local.url}/api/agents/installer/${id}/linux"`);
      expect(data.environment_variables.PLANASONIX_API_HOST).toBe(local.url);
    } finally {
      await local.stop();
    }
  });

  it('an IPv6 listen address without --public-url: 503 asking for --public-url, never a broken command', async () => {
    const ipv6 = await startControlPlaneProcess({ args: ['--host', '::1'] });
    try {
      const client = apiClient(ipv6.url, ipv6.apiKey);
      const id = await createAgent(client, 'ipv6');
      for (const path of [`/api/agents/manual-install/${id}`, `/api/agents/installer/${id}/linux`]) {
        const response = await client(path);
        expect(response.status).toBe(503);
        expect(ErrorEnvelope.parse(response.json).error).toEqual({
          code: 'installer_unavailable',
          message: `install commands cannot carry the URL ${ipv6.url}: start the control plane with --public-url`,
        });
      }
    } finally {
      await ipv6.stop();
    }
  });
});
