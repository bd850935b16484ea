import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EnrollRequest } from '../../src-shared/agent-protocol/index.js';
import { generateIdentity } from '../identity/agent-identity.js';
import { Transport } from '../network/transport.js';
import { redeemEnrollmentToken } from './enroll-client.js';

let server: Server | null = null;
afterEach(async () => {
  if (server) await new Promise((r) => server!.close(r));
  server = null;
});

const TOKEN = 'plnx_enroll_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const REQUEST: EnrollRequest = {
  hostname: 'etl-1',
  platform: 'linux',
  version: '0.1.0',
  capabilities: ['node_20'],
  metadata: {},
  public_key: generateIdentity().publicKey,
};

async function answer(status: number, body: unknown, seen: IncomingMessage[] = []): Promise<string> {
  server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const redeem = async (apiHost: string) =>
  redeemEnrollmentToken(await Transport.create({}, {}), apiHost, TOKEN, REQUEST);

describe('redeemEnrollmentToken', () => {
  it('sends the token only as a bearer header and reads the answer', async () => {
    const seen: IncomingMessage[] = [];
    const data = {
      agent_id: 'agt_01jq8p0000000000000000000a',
      status: 'active',
      session_url: '/api/agents/session',
      heartbeat_interval_seconds: 20,
      server_time: '2026-11-28T16:00:00Z',
    };
    const apiHost = await answer(200, { data }, seen);
    expect(await redeem(apiHost)).toEqual({ ok: true, response: data });
    expect(seen[0]?.url).toBe('/api/agents/enroll');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    [401, 'token_unknown', /does not know this enrollment token/],
    [410, 'token_expired', /has expired/],
    [409, 'token_used', /already used/],
    [403, 'agent_revoked', /revoked: an operator must enable it/],
  ])('reads a %i %s refusal as final, in plain words', async (status, code, words) => {
    const outcome = await redeem(await answer(status, { error: { code, message: 'x' } }));
    expect(outcome).toMatchObject({ ok: false, code, retryable: false });
    if (!outcome.ok) expect(outcome.message).toMatch(words);
  });

  it('calls a 5xx retryable and a malformed success a bad response', async () => {
    expect(
      await redeem(await answer(503, { error: { code: 'unavailable', message: 'busy' } })),
    ).toMatchObject({
      ok: false,
      code: 'network',
      retryable: true,
      message: 'the control plane answered 503 to the enrollment request: busy',
    });
    await new Promise((r) => server!.close(r));
    server = null;
    expect(await redeem(await answer(200, { data: { agent_id: 'nope' } }))).toMatchObject({
      ok: false,
      code: 'bad_response',
      retryable: false,
    });
  });

  it('says plainly when nothing listens, as a retryable network failure', async () => {
    const apiHost = await answer(200, {});
    await new Promise((r) => server!.close(r));
    server = null;
    expect(await redeem(apiHost)).toEqual({
      ok: false,
      code: 'network',
      message: `${apiHost} refused the connection`,
      retryable: true,
    });
  });
});
