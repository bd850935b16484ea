import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  makeTempDataDir,
  startControlPlaneProcess,
  type ControlPlaneProcess,
} from '../../helpers/control-plane-process.js';
import { openPlaneDatabase } from '../../helpers/plane-database.js';
import { waitUntil } from '../../helpers/wait-until.js';

const DAY_MS = 24 * 3600 * 1000;

async function auditIds(plane: ControlPlaneProcess): Promise<string[]> {
  const db = openPlaneDatabase(plane);
  try {
    return (await db.all<{ id: string }>('select id from audit_events order by id')).map((row) => row.id);
  } finally {
    await db.close();
  }
}

describe('--audit-retention-days', () => {
  it('deletes audit rows older than the retention soon after start and keeps the younger ones', async () => {
    const dataDir = makeTempDataDir();
    try {
      // A first start creates the table; rows of two ages are written while it is stopped.
      const first = await startControlPlaneProcess({ dataDir, args: ['--audit-retention-days', '0'] });
      await first.stop();
      const db = openPlaneDatabase(first);
      const old = 'aud_00000000000000000000000001';
      const young = 'aud_00000000000000000000000002';
      try {
        for (const [id, age] of [
          [old, 3 * DAY_MS],
          [young, DAY_MS / 2],
        ] as const) {
          await db.run(
            "insert into audit_events (id, at, action, outcome, detail_json) values (?, ?, 'agent.deleted', 'success', '{}')",
            id,
            Date.now() - age,
          );
        }
      } finally {
        await db.close();
      }

      const second = await startControlPlaneProcess({ dataDir, args: ['--audit-retention-days', '2'] });
      try {
        await waitUntil(() => auditIds(second), {
          message: 'the old row pruned',
          until: (ids) => !ids.includes(old),
          timeoutMs: 20_000,
        });
        expect(await auditIds(second)).toContain(young);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
