import { describe, expect, it } from 'vitest';
import { AgentSummary } from '../../../src-shared/rest/agents.js';
import { pageEnvelope } from '../../../src-shared/rest/envelopes.js';
import { controlPlanePerFile } from '../../helpers/control-plane-per-file.js';

const Page = pageEnvelope(AgentSummary.strict()).strict();
const plane = controlPlanePerFile();
const api = plane.api;

async function create(label: string): Promise<string> {
  const response = await api('/api/agents', { method: 'POST', body: { label, platform: 'linux' } });
  expect(response.status).toBe(201);
  return (response.json as { data: { id: string } }).data.id;
}

async function page(query: string) {
  const response = await api(`/api/agents?${query}`);
  expect(response.status).toBe(200);
  return Page.parse(response.json);
}

/** Follows cursors to the end; `between` runs after each page (bounded by maxPages). */
async function allPages(query: string, between: () => Promise<void> = async () => {}, maxPages = 100) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < maxPages; n += 1) {
    const result = await page(cursor === null ? query : `${query}&cursor=${encodeURIComponent(cursor)}`);
    ids.push(...result.data.map((agent) => agent.id));
    cursor = result.meta.page.cursor;
    if (cursor === null) return ids;
    await between();
  }
  throw new Error('more pages than expected');
}

describe('GET /api/agents', () => {
  it('pages in creation order, with inserts between pages neither lost nor repeated', async () => {
    const before: string[] = [];
    for (let i = 0; i < 23; i += 1) before.push(await create(`paging-${i}`));
    const added: string[] = [];
    const seen = await allPages('limit=5&label=paging-', async () => {
      added.push(await create(`paging-late-${added.length}`));
    });
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    // Everything that existed at the start, then every late arrival (each sorts after the pages
    // already read, the last one included: it was created before the last page was asked for).
    expect(added.length).toBeGreaterThan(0);
    expect(seen).toEqual([...before, ...added]);
  });

  it('answers the documented shape with limit 50 by default and the cursor null on the last page', async () => {
    for (let i = 0; i < 55; i += 1) await create(`default-${i}`);
    const first = await page('label=default-');
    expect(first.meta.page.limit).toBe(50);
    expect(first.data).toHaveLength(50);
    expect(first.meta.page.cursor).toEqual(expect.any(String));
    const last = await page(`label=default-&cursor=${first.meta.page.cursor}`);
    expect(last.data).toHaveLength(5);
    expect(last.meta.page).toEqual({ limit: 50, cursor: null });
    expect(first.data[0]).toMatchObject({
      status: 'pending',
      version: null,
      last_seen_at: null,
      platform: 'linux',
    });
  });

  it('filters by status', async () => {
    const kept = await create('status-kept');
    const revoked = await create('status-revoked');
    expect((await api(`/api/agents/revoke/${revoked}`, { method: 'POST' })).status).toBe(200);
    const revokedIds = await allPages('status=revoked&limit=200');
    expect(revokedIds).toContain(revoked);
    expect(revokedIds).not.toContain(kept);
    const pendingIds = await allPages('status=pending&limit=200');
    expect(pendingIds).toContain(kept);
    expect(pendingIds).not.toContain(revoked);
    expect(await allPages('status=active')).toEqual([]);
  });

  it('filters by label substring, case-insensitively, with % and _ taken literally', async () => {
    const a = await create('Prod-ETL-01.us-west');
    const b = await create('staging_etl%02');
    await create('prodXetl');
    expect(await allPages('label=etl-01')).toEqual([a]);
    expect(await allPages('label=PROD-etl')).toEqual([a]);
    expect(await allPages(`label=${encodeURIComponent('_etl%')}`)).toEqual([b]);
    expect(await allPages('label=no-such-label')).toEqual([]);
  });

  it('combines the filters with pagination', async () => {
    const ids = [];
    for (let i = 0; i < 7; i += 1) ids.push(await create(`combo-${i}`));
    await api(`/api/agents/revoke/${ids[2]}`, { method: 'POST' });
    expect(await allPages('label=combo-&status=pending&limit=2')).toEqual(ids.filter((_, i) => i !== 2));
  });

  it.each([
    ['limit=0', 'invalid_request', 'limit: must be at least 1'],
    ['limit=201', 'invalid_request', 'limit: must be at most 200'],
    ['limit=abc', 'invalid_request', 'limit: must be a number'],
    ['limit=2.5', 'invalid_request', 'limit: must be a whole number'],
    ['status=sleeping', 'invalid_request', 'status: must be one of pending, active, revoked'],
    ['cursor=bogus', 'invalid_cursor', 'cursor: is not a cursor this server issued'],
    ['cursor=', 'invalid_cursor', 'cursor: is not a cursor this server issued'],
  ])('refuses %s with 400 %s', async (query, code, message) => {
    const response = await api(`/api/agents?${query}`);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: { code, message } });
  });
});
