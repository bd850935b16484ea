import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startConnectProxy, type ConnectProxy } from '../../tests/helpers/connect-proxy.js';
import type { PreflightCheck } from '../../src-shared/worker-link.js';
import { Transport } from '../network/transport.js';
import { runPreflight } from './run-preflight.js';

let server: Server | null = null;
let proxy: ConnectProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  if (server) await new Promise((r) => server!.close(r));
  server = null;
});

async function healthz(time: () => string, status = 200): Promise<string> {
  server = createServer((req, res) => {
    if (req.url === '/healthz')
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'ok', time: time() }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const byName = (checks: PreflightCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('runPreflight', () => {
  it('passes against a control plane with a matching clock, reporting progress per check', async () => {
    const apiHost = await healthz(() => new Date().toISOString());
    const progress: PreflightCheck[][] = [];
    const result = await runPreflight({
      apiHost,
      transport: await Transport.create({}, {}),
      onProgress: (c) => progress.push(c),
    });
    expect(result.ok).toBe(true);
    const c = byName(result.checks);
    expect(c.proxy?.status).toBe('skipped');
    expect(c.dns).toMatchObject({ status: 'passed', detail: '127.0.0.1 is an IP address' });
    expect(c.tls).toMatchObject({ status: 'skipped', detail: 'the API host uses plain http: no TLS' });
    expect(c.reachability?.status).toBe('passed');
    expect(c.clock?.status).toBe('passed');
    expect(progress.some((p) => p.some((x) => x.name === 'reachability' && x.status === 'running'))).toBe(
      true,
    );
  });

  it('fails the clock check and says by how much', async () => {
    const apiHost = await healthz(() => new Date(Date.now() - 10 * 60_000).toISOString());
    const result = await runPreflight({ apiHost, transport: await Transport.create({}, {}) });
    expect(result.ok).toBe(false);
    expect(byName(result.checks).clock?.detail).toMatch(/10 min( 0 s)? ahead of the server’s/);
  });

  it('says plainly when nothing listens, and skips what depends on it', async () => {
    const apiHost = await healthz(() => new Date().toISOString());
    await new Promise((r) => server!.close(r));
    server = null;
    const result = await runPreflight({ apiHost, transport: await Transport.create({}, {}) });
    const c = byName(result.checks);
    expect(c.reachability).toMatchObject({ status: 'failed', detail: `${apiHost} refused the connection` });
    expect(c.clock?.status).toBe('skipped');
  });

  it('reports a host that does not resolve', async () => {
    const result = await runPreflight({
      apiHost: 'https://cp.invalid',
      transport: await Transport.create({}, {}),
      resolve: () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })),
    });
    expect(byName(result.checks).dns?.detail).toMatch(/does not resolve/);
    expect(byName(result.checks).tls?.status).toBe('skipped');
  });

  it('refuses an API host that is not a URL', async () => {
    const result = await runPreflight({
      apiHost: 'cp.example.com',
      transport: await Transport.create({}, {}),
    });
    expect(result.ok).toBe(false);
    expect(byName(result.checks).dns?.detail).toBe('the API host "cp.example.com" is not a URL');
  });

  it('goes through a CONNECT proxy, and tells a proxy that refuses from one that is down', async () => {
    const apiHost = await healthz(() => new Date().toISOString());
    proxy = await startConnectProxy();
    const ok = await runPreflight({
      apiHost,
      transport: await Transport.create({}, { HTTP_PROXY: proxy.url }),
    });
    expect(byName(ok.checks).proxy?.status).toBe('passed');
    expect(byName(ok.checks).dns?.detail).toBe('the proxy resolves the API host');
    expect(ok.ok).toBe(true);
    expect(proxy.connects.length).toBeGreaterThanOrEqual(2);

    await proxy.close();
    proxy = await startConnectProxy({ requireAuth: 'u:p' });
    const refused = await runPreflight({
      apiHost,
      transport: await Transport.create({ proxyUrl: proxy.url }, {}),
    });
    expect(byName(refused.checks).proxy?.detail).toMatch(/answered CONNECT .* with 407/);

    const withAuth = new URL(proxy.url);
    withAuth.username = 'u';
    withAuth.password = 'p';
    const authed = await runPreflight({
      apiHost,
      transport: await Transport.create({ proxyUrl: withAuth.toString() }, {}),
    });
    expect(byName(authed.checks).proxy?.detail).not.toContain(':p@');
    expect(authed.ok).toBe(true);
  });
});
