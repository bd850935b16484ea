import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { CreatedApiKey } from '../../../src-shared/rest/api-keys.js';
import { apiClient, dataOf } from '../../helpers/control-plane-client.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';
import {
  connectScriptedAgent,
  enrollBody,
  enrollScriptedAgent,
  heartbeatMessage,
  newIdentity,
  redeem,
} from '../../helpers/scripted-agent.js';
import { acceptMessage, logChunk, nextOfType, startMessage } from '../../helpers/scripted-agent-jobs.js';
import { waitUntil } from '../../helpers/wait-until.js';

const plane = controlPlanePerFile({
  args: ['--metrics-listen', '127.0.0.1:0', '--heartbeat-interval', '1'],
});
const api = plane.api;

/** The metrics every replica serves, on SQLite and PostgreSQL alike. */
const EVERY_REPLICA = [
  'planasonix_agents',
  'planasonix_agent_sessions',
  'planasonix_agent_heartbeats_received_total',
  'planasonix_enrollments_total',
  'planasonix_jobs',
  'planasonix_job_dispatch_seconds',
  'planasonix_job_log_bytes_stored_total',
  'planasonix_http_requests_total',
  'planasonix_http_request_duration_seconds',
  'planasonix_cluster_role',
];
/** Only on PostgreSQL: a pool and a cluster bus exist there. */
const POSTGRES_ONLY = [
  'planasonix_db_pool_connections',
  'planasonix_cluster_bus_listening',
  'planasonix_cluster_bus_lag_seconds',
];

async function scrape(): Promise<Map<string, PrometheusFamily>> {
  const key = CreatedApiKey.parse(
    dataOf(
      await api('/v1/api-keys', { method: 'POST', body: { name: 'scraper', scopes: ['metrics:read'] } }),
    ),
  ).key;
  const response = await api('/metrics', { apiKey: key });
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusTextFormat(response.text).map((family) => [family.name, family]));
}

function value(
  families: Map<string, PrometheusFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const sample = families
    .get(name)
    ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? sample?.count ?? NaN);
}

function metricsUrl(): string {
  const line = /^metrics on (\S+)$/m.exec(plane.stdout());
  if (line?.[1] === undefined) throw new Error(`no metrics line in: ${plane.stdout()}`);
  return line[1];
}

describe('GET /metrics', () => {
  it('serves every documented metric in Prometheus text format, moving with what happens', async () => {
    const before = await scrape();
    const names = [...EVERY_REPLICA, ...(plane.databaseUrl === undefined ? [] : POSTGRES_ONLY)];
    for (const name of names) expect(before.has(name), name).toBe(true);
    if (plane.databaseUrl === undefined)
      for (const name of POSTGRES_ONLY) expect(before.has(name), name).toBe(false);
    expect(value(before, 'planasonix_cluster_role', { role: 'sweeper' })).toBe(1);
    expect(before.get('planasonix_job_dispatch_seconds')?.type).toBe('HISTOGRAM');

    // An enrolled agent with a session, a heartbeat, a refused enrollment, a dispatched job with output.
    const { agentId, identity } = await enrollScriptedAgent(plane.url, plane.apiKey);
    expect((await redeem(plane.url, 'plnx_enroll_' + 'x'.repeat(43), enrollBody(newIdentity()))).status).toBe(
      401,
    );
    const connection = await connectScriptedAgent(plane.url, agentId, identity);
    try {
      connection.send(heartbeatMessage(1));
      const submitted = await api('/v1/jobs', {
        method: 'POST',
        body: { name: 'measured', steps: [{ name: 'only', run: 'echo hi' }], target: { agent_id: agentId } },
      });
      expect(submitted.status).toBe(201);
      const assign = await nextOfType(connection, 'job_assign');
      connection.send(acceptMessage(assign.job_id, assign.epoch));
      connection.send(startMessage(assign.job_id, assign.epoch));
      connection.send(logChunk(assign.job_id, assign.epoch, 0, Buffer.from('hello\n')));
      await nextOfType(connection, 'job_log_ack');
      expect((await api(`/api/agents/${agentId}`)).status).toBe(200);

      const after = await waitUntil(scrape, {
        message: 'the heartbeat counted',
        until: (families) => value(families, 'planasonix_agent_heartbeats_received_total') >= 1,
      });
      expect(value(after, 'planasonix_agents', { status: 'active' })).toBe(
        value(before, 'planasonix_agents', { status: 'active' }) + 1,
      );
      expect(value(after, 'planasonix_agent_sessions')).toBe(1);
      expect(value(after, 'planasonix_enrollments_total', { outcome: 'enrolled' })).toBe(
        value(before, 'planasonix_enrollments_total', { outcome: 'enrolled' }) + 1,
      );
      expect(value(after, 'planasonix_enrollments_total', { outcome: 'token_unknown' })).toBe(
        value(before, 'planasonix_enrollments_total', { outcome: 'token_unknown' }) + 1,
      );
      expect(value(after, 'planasonix_jobs', { status: 'running' })).toBe(1);
      expect(value(after, 'planasonix_job_dispatch_seconds')).toBe(1);
      expect(value(after, 'planasonix_job_log_bytes_stored_total')).toBe(6);
      // Requests by route pattern: the agent id is not a label value.
      expect(
        value(after, 'planasonix_http_requests_total', { route: '/api/agents/:id', status: '200' }),
      ).toBe(1);
      expect(
        after.get('planasonix_http_requests_total')?.metrics.some((m) => m.labels?.route?.includes(agentId)),
      ).toBe(false);
      // The parser keeps no labels of a labelled histogram (prom2json's shape), so only its type and
      // buckets are checked here; the per-route count is the counter's above.
      const durations = after.get('planasonix_http_request_duration_seconds');
      expect(durations?.type).toBe('HISTOGRAM');
      expect(Object.keys(durations?.metrics[0]?.buckets ?? {})).toContain('+Inf');
    } finally {
      await connection.close();
    }
  });

  it('refuses a key without metrics:read with 403 naming the scope, and no key with 401', async () => {
    const weak = CreatedApiKey.parse(
      dataOf(
        await api('/v1/api-keys', { method: 'POST', body: { name: 'reader', scopes: ['agents:read'] } }),
      ),
    );
    const refused = await api('/metrics', { apiKey: weak.key });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: { code: 'insufficient_scope', message: expect.stringContaining('metrics:read') as unknown },
    });
    expect((await api('/metrics', { apiKey: null })).status).toBe(401);
  });

  it('serves the same metrics without a key on --metrics-listen, and nothing else there', async () => {
    const url = metricsUrl();
    const open = apiClient(new URL(url).origin, null);
    const response = await open('/metrics');
    expect(response.status).toBe(200);
    const names = new Set(parsePrometheusTextFormat(response.text).map((family) => family.name));
    for (const name of EVERY_REPLICA) expect(names.has(name), name).toBe(true);
    expect((await open('/api/agents')).status).toBe(404);
    expect((await open('/metrics', { method: 'POST' })).status).toBe(405);
  });
});
