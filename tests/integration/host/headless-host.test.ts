import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { hostApiClient, openHostSocket } from '../../helpers/host-api-socket.js';
import { startHeadlessHostProcess } from '../../helpers/headless-host-process.js';
import type { HeadlessHostProcess } from '../../helpers/headless-host-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

const TOKEN = 'plnx_enroll_ItIsASecretThatMustNotLeak123ItIsASecretTha';
let host: HeadlessHostProcess;
let socket: WebSocket;
let rendererDir = '';

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>fixture ui</title>');
  host = await startHeadlessHostProcess({
    workerFixture: 'plays-enrollment.mjs',
    env: { PLANASONIX_RENDERER_DIR: rendererDir },
  });
  const opened = await openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
    Origin: `http://127.0.0.1:${host.port}`,
  });
  if (!('socket' in opened)) throw new Error(`host refused the socket: ${opened.refusedWith}`);
  socket = opened.socket;
});

afterAll(async () => {
  socket?.close();
  if (host !== undefined) expect(await host.stop()).toBe(0);
  await rm(rendererDir, { recursive: true, force: true });
});

describe('headless host (real process, loopback socket)', () => {
  it('relays enroll through the host API to its (scripted) worker, pushing preflight progress, and reports the phase the worker then sends', async () => {
    const client = hostApiClient(socket);
    const progress: string[][] = [];
    client.on('enrollProgress', ({ checks }) => progress.push(checks.map((c) => `${c.name}:${c.status}`)));
    const { agentId } = await client.enroll({ apiHost: 'http://127.0.0.1:9', token: TOKEN, label: 'lab-01' });
    expect(progress.at(-1)).toEqual(['dns:passed', 'reachability:passed']);
    const snapshot = await client.snapshot();
    expect(snapshot).toMatchObject({
      enrollment: { state: 'enrolled', agentId, label: 'lab-01' },
      supervisor: { state: 'running' },
      worker: { phase: 'connected' },
      secrets: { backend: 'file' },
    });
    const history = await client.metricHistory({ minutes: 5 });
    expect(history.samples).toHaveLength(1);
  });

  it('answers bad params with a typed error and keeps serving', async () => {
    const client = hostApiClient(socket);
    await expect(client.logs({ source: 'job' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(client.getSettings()).resolves.toMatchObject({ logLevel: 'info' });
  });

  it('answers junk frames with an error envelope, drops an oversized one, and keeps serving', async () => {
    const opened = await openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    if (!('socket' in opened)) throw new Error('refused');
    const junk = opened.socket;
    const replies: unknown[] = [];
    junk.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { event?: string };
      if (message.event === undefined) replies.push(message);
    });
    junk.send('not json');
    junk.send(Buffer.from([0, 1, 2]), { binary: true });
    junk.send(JSON.stringify({ id: 'x', method: 'snapshot', params: 'wrong' }));
    await waitUntil(() => replies.length, { until: (n) => n === 3, message: 'three replies' });
    const summary = (replies as { id: unknown; ok: boolean; error?: { code: string } }[]).map((r) => [
      r.id,
      r.ok,
      r.error?.code,
    ]);
    expect(summary).toEqual([
      [null, false, 'bad_request'],
      [null, false, 'bad_request'],
      ['x', false, 'bad_request'],
    ]);
    const closed = new Promise<number>((resolve) => junk.once('close', resolve));
    junk.send('x'.repeat(512 * 1024));
    expect(await closed).toBe(1009);
    const { version } = JSON.parse(
      await readFile(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect((await hostApiClient(socket).snapshot()).appVersion).toBe(version);
  });

  it('refuses the API without the token, with a wrong token, a foreign Origin or a foreign Host', async () => {
    const api = `ws://127.0.0.1:${host.port}/api`;
    expect(await openHostSocket(api)).toEqual({ refusedWith: 401 });
    expect(await openHostSocket(`${api}?token=${host.token.slice(0, -1)}x`)).toEqual({ refusedWith: 401 });
    expect(await openHostSocket(`${api}?token=${host.token}`, { Origin: 'http://evil.example' })).toEqual({
      refusedWith: 403,
    });
    expect(
      await openHostSocket(`${api}?token=${host.token}`, { Host: `rebound.example:${host.port}` }),
    ).toEqual({ refusedWith: 421 });
    expect(await statusWithHost(host.port, `rebound.example:${host.port}`)).toBe(421);
    expect(await statusWithHost(host.port, `127.0.0.1:${host.port}`)).toBe(200);
  });

  it('serves the built renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('fixture ui');
    const escape = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect(escape.status).toBe(404);
  });

  it('keeps its secrets and settings in 0600 files', async () => {
    expect((await stat(join(host.dataDir, 'secrets', 'ui-token'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(host.dataDir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(host.dataDir, 'settings.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(host.dataDir, 'secrets', 'ui-token'), 'utf8')).toBe(host.token);
  });

  it('never writes the enrollment token or a key into its logs or the diagnostics bundle', async () => {
    const client = hostApiClient(socket);
    const preview = await client.diagnosticsPreview();
    expect(preview.entries.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'versions.json',
        'settings.json',
        'preflight.json',
        'health.json',
        'logs/agent.log',
      ]),
    );
    expect(preview.entries.find((e) => e.name === 'logs/agent.log')?.preview).toContain(
      'enrolling with [redacted]',
    );

    const exported = await client.diagnosticsExport();
    const files = unzipSync(Buffer.from(exported.zipBase64, 'base64'));
    const everything = Object.values(files)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    expect(everything).toContain('reachability');
    for (const secret of [TOKEN, 'plnx_enroll_', 'plnx_key_', 'BEGIN PRIVATE KEY', 'FAKEFAKE', host.token]) {
      expect(everything).not.toContain(secret);
    }
    const logFiles = await readdir(join(host.dataDir, 'logs'));
    for (const file of logFiles) {
      const text = await readFile(join(host.dataDir, 'logs', file), 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('FAKEFAKE');
    }
  });
});

/** fetch() will not send a forged Host header; node:http will, as a rebinding page's browser would. */
function statusWithHost(port: number, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/', headers: { Host: hostHeader } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).once('error', reject);
  });
}
