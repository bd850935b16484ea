import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TestCertificates } from '../../tests/helpers/agent-tls.js';
import { startConnectProxy, type ConnectProxy } from '../../tests/helpers/connect-proxy.js';
import { Transport } from '../network/transport.js';
import { runPreflight } from './run-preflight.js';

let certs: TestCertificates;
let server: Server;
let proxy: ConnectProxy;
let apiHost: string;

beforeAll(async () => {
  certs = makeTestCertificates();
  server = createServer({ key: certs.key, cert: certs.cert }, (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ status: 'ok', time: new Date().toISOString() }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  apiHost = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = await startConnectProxy();
});
afterAll(async () => {
  await proxy.close();
  await new Promise((r) => server.close(r));
  rmSync(certs.dir, { recursive: true, force: true });
});

const check = async (transport: Transport, name: string) =>
  (await runPreflight({ apiHost, transport })).checks.find((c) => c.name === name);

describe('runPreflight over TLS', () => {
  it('fails the TLS check for an untrusted certificate and points at the CA bundle setting', async () => {
    const tls = await check(await Transport.create({}, {}), 'tls');
    expect(tls?.status).toBe('failed');
    expect(tls?.detail).toMatch(/not trusted .*set the CA bundle setting/);
  });

  it('trusts the certificate given the extra CA bundle, directly and through a proxy', async () => {
    const direct = await runPreflight({
      apiHost,
      transport: await Transport.create({ caFile: certs.caFile }, {}),
    });
    expect(direct.ok).toBe(true);
    expect(direct.checks.find((c) => c.name === 'tls')?.detail).toMatch(
      /TLS handshake with 127\.0\.0\.1 succeeded/,
    );
    const before = proxy.connects.length;
    const proxied = await runPreflight({
      apiHost,
      transport: await Transport.create({ caFile: certs.caFile }, { HTTPS_PROXY: proxy.url }),
    });
    expect(proxied.ok).toBe(true);
    expect(proxy.connects.length - before).toBe(3);
  });

  it('refuses a CA bundle file that is missing or not PEM, naming it', async () => {
    await expect(Transport.create({ caFile: '/nonexistent/ca.pem' }, {})).rejects.toThrow(
      /cannot read the CA bundle \/nonexistent\/ca\.pem/,
    );
    await expect(Transport.create({ caFile: `${certs.dir}/san.ext` }, {})).rejects.toThrow(
      /holds no PEM certificate/,
    );
  });
});
