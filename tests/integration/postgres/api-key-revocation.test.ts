import { afterEach, describe, expect, it } from 'vitest';
import { CreatedApiKey } from '../../../src-shared/rest/api-keys.js';
import { dataOf } from '../../helpers/control-plane-client.js';
import type { ControlPlaneForAgents } from '../../helpers/control-plane-for-agents.js';
import { startReplicas, type ReplicaSet } from '../../helpers/replicas.js';
import { waitUntil } from '../../helpers/wait-until.js';

let set: ReplicaSet | null = null;
afterEach(async () => {
  await set?.stop();
  set = null;
});

describe('an API key revoked on one replica', () => {
  it('is refused by a second replica that had it cached within a second', async () => {
    set = await startReplicas({ count: 2 });
    const [first, second] = set.planes as [ControlPlaneForAgents, ControlPlaneForAgents];
    const created = await first.api('/v1/api-keys', {
      method: 'POST',
      body: { name: 'shared', scopes: ['agents:read'] },
    });
    expect(created.status).toBe(201);
    const key = CreatedApiKey.parse(dataOf(created));
    // The second replica checks the key and keeps it in its cache.
    for (let i = 0; i < 3; i++)
      expect((await second.api('/api/agents', { apiKey: key.key })).status).toBe(200);

    const revokedAt = performance.now();
    expect((await first.api(`/v1/api-keys/${key.id}`, { method: 'DELETE' })).status).toBe(204);
    await waitUntil(async () => (await second.api('/api/agents', { apiKey: key.key })).status, {
      message: 'the second replica refuses the revoked key',
      until: (status) => status === 401,
      timeoutMs: 5_000,
      intervalMs: 10,
    });
    expect(performance.now() - revokedAt).toBeLessThan(1_000);
    // Both keep refusing it, and the list on either replica shows it revoked.
    expect((await first.api('/api/agents', { apiKey: key.key })).status).toBe(401);
    const listed = (await second.api('/v1/api-keys')).json as {
      data: { id: string; revoked_at: string | null }[];
    };
    expect(listed.data.find((row) => row.id === key.id)?.revoked_at).not.toBeNull();
  }, 90_000);
});
