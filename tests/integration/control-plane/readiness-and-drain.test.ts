import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../../src-shared/agent-protocol/index.js';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';
import {
  ScriptedAgent,
  connectScriptedAgent,
  enrollScriptedAgent,
  httpJson,
} from '../../helpers/scripted-agent.js';

/** /healthz and /readyz as a load balancer sees them, and the SIGTERM drain (SQLite and PostgreSQL). */
let plane: ControlPlaneProcess | null = null;

afterEach(async () => {
  await plane?.stop();
  plane = null;
});

describe('balancer health', () => {
  it('names the replica in /healthz and /readyz, and documents /readyz with its 503', async () => {
    plane = await startControlPlaneProcess({ args: ['--replica-id', 'rpl_health'] });
    const health = await httpJson(plane.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', replica: 'rpl_health', role: 'sweeper' });
    expect(await httpJson(plane.url, 'GET', '/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', replica: 'rpl_health', database: 'ok' },
    });
    const doc = (await httpJson(plane.url, 'GET', '/openapi.json')).body as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/readyz']?.get?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '503']),
    );
  });

  it('gives each start a random replica id unless one is set', async () => {
    plane = await startControlPlaneProcess();
    const { body } = await httpJson(plane.url, 'GET', '/healthz');
    expect((body as { replica: string }).replica).toMatch(/^rpl_[A-Za-z0-9_-]{16}$/);
  });

  it('refuses a malformed --replica-id with exit 2', async () => {
    await expect(startControlPlaneProcess({ args: ['--replica-id', 'has space'] })).rejects.toThrow(
      /replica id/,
    );
  });
});

describe('SIGTERM drain', () => {
  it('answers /readyz 503 at once, refuses new sessions, closes agents with server_shutdown, exits 0', async () => {
    const own = await startControlPlaneProcess({ args: ['--drain-window-ms', '1500'] });
    plane = own;
    const agents = await Promise.all(
      [1, 2, 3].map(async () => {
        const { agentId, identity } = await enrollScriptedAgent(own.url, own.apiKey);
        return connectScriptedAgent(own.url, agentId, identity);
      }),
    );
    const signalled = Date.now();
    own.kill('SIGTERM');
    let readiness = await httpJson(own.url, 'GET', '/readyz');
    while (readiness.status === 200 && Date.now() - signalled < 2_000) {
      readiness = await httpJson(own.url, 'GET', '/readyz');
    }
    expect(Date.now() - signalled).toBeLessThan(500);
    expect(readiness).toEqual({
      status: 503,
      body: { status: 'draining', replica: expect.any(String) as string, database: 'not_checked' },
    });
    const late = await ScriptedAgent.open(own.url).catch((error: unknown) => error);
    expect(String(late)).toMatch(/503/);
    const closes = await Promise.all(agents.map((agent) => agent.closed));
    for (const close of closes) expect(close.code).toBe(CLOSE_CODES.server_shutdown.code);
    expect(await own.exited).toEqual({ code: 0, signal: null });
  });
});
