import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../../src-shared/agent-protocol/index.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import { connectScriptedAgent, enrollScriptedAgent, heartbeatMessage } from '../../helpers/scripted-agent.js';
import { openPlaneDatabase, type PlaneDatabase } from '../../helpers/plane-database.js';

/**
 * The guarantee path behind the cluster bus: a change no event announced here (another replica's
 * revoke or newer session whose NOTIFY was missed, simulated by writing the row directly) still
 * closes the session, with the right code, on the next heartbeat write.
 */
const cp = controlPlanePerFile();
let db: PlaneDatabase;

beforeAll(() => {
  db = openPlaneDatabase(cp);
});
afterAll(async () => {
  await db.close();
});

async function liveAgent() {
  const { agentId, identity } = await enrollScriptedAgent(cp.url, cp.apiKey);
  return { agentId, connection: await connectScriptedAgent(cp.url, agentId, identity) };
}

describe('sessions closed by what a heartbeat write learns', () => {
  it.each([
    ['revoked', "update agents set status = 'revoked' where id = ?", CLOSE_CODES.revoked.code],
    ['deleted', 'delete from agents where id = ?', CLOSE_CODES.deregistered.code],
    [
      'taken by a newer session elsewhere',
      "update agents set session_id = 'ses_elsewhere', session_replica_id = 'rpl_other' where id = ?",
      CLOSE_CODES.superseded.code,
    ],
  ])(
    '%s: the next heartbeat write closes the session with its code, within 1.5 s',
    async (_what, statement, code) => {
      const { agentId, connection } = await liveAgent();
      await db.run(statement, agentId);
      const sent = Date.now();
      connection.send(heartbeatMessage(1));
      const closed = await connection.closed;
      expect(closed.code).toBe(code);
      // The gateway flushes heartbeats every 250 ms: one flush plus the write, with room for a loaded machine.
      expect(Date.now() - sent).toBeLessThan(1_500);
    },
  );

  it('leaves the agent connected in the database when the session that closed was not the holder', async () => {
    const { agentId, connection } = await liveAgent();
    await db.run("update agents set session_id = 'ses_elsewhere' where id = ?", agentId);
    connection.send(heartbeatMessage(1));
    await connection.closed;
    const [row] = await db.all<{ connected_since: number | null }>(
      'select connected_since from agents where id = ?',
      agentId,
    );
    expect(row?.connected_since).not.toBeNull();
  });
});
