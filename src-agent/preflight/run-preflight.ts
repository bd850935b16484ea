import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { checkApiHost } from '../../src-shared/api-host.js';
import type { PreflightCheck } from '../../src-shared/worker-link.js';
import { describeNetworkError } from '../network/network-errors.js';
import { requestJson } from '../network/request-json.js';
import { displayProxy, type Transport } from '../network/transport.js';
import { clockSkewMs, describeSkew } from './clock-skew.js';
import { openTunnel } from './open-tunnel.js';

type CheckName = PreflightCheck['name'];
type Outcome = { status: 'passed' | 'failed' | 'skipped'; detail: string };

export interface PreflightOptions {
  apiHost: string;
  transport: Transport;
  clockToleranceMs?: number;
  timeoutMs?: number;
  now?: () => number;
  resolve?: (host: string) => Promise<string>;
  /** Called with every check's current status after each change. */
  onProgress?: (checks: PreflightCheck[]) => void;
}

export interface PreflightResult {
  ok: boolean;
  checks: PreflightCheck[];
}

const ORDER: CheckName[] = ['proxy', 'dns', 'tls', 'reachability', 'clock'];

function hostAndPort(url: URL): { host: string; port: number } {
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
  };
}

function handshake(
  target: { socket: Socket | undefined; host: string; port: number },
  servername: string,
  timeoutMs: number,
  ca?: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const tls = tlsConnect({
      ...(target.socket ? { socket: target.socket } : { host: target.host, port: target.port }),
      servername: isIP(servername) ? undefined : servername,
      ...(ca ? { ca } : {}),
    });
    tls.setTimeout(timeoutMs, () =>
      tls.destroy(Object.assign(new Error('TLS handshake timed out'), { code: 'ETIMEDOUT' })),
    );
    tls.once('secureConnect', () => {
      const cert = tls.getPeerCertificate();
      const detail = `TLS handshake with ${servername} succeeded (${tls.getProtocol() ?? 'TLS'}, certificate valid until ${cert.valid_to ?? 'unknown'})`;
      tls.destroy();
      resolve(detail);
    });
    tls.once('error', (error: Error) => {
      tls.destroy();
      reject(error);
    });
  });
}

/**
 * Checks, before a one-time token is spent, everything that would make the enrollment or the first
 * session fail: the proxy tunnels, the host resolves, TLS verifies, the control plane answers, the
 * clocks agree. A check that depends on a failed one is skipped and says why.
 */
export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const resolveHost = options.resolve ?? (async (host: string) => (await lookup(host)).address);
  const checks = new Map<CheckName, PreflightCheck>(
    ORDER.map((name) => [name, { name, status: 'pending', detail: null }]),
  );
  const publish = (): void => options.onProgress?.(ORDER.map((n) => ({ ...checks.get(n)! })));
  const run = async (name: CheckName, body: () => Promise<Outcome>): Promise<boolean> => {
    checks.set(name, { name, status: 'running', detail: null });
    publish();
    let outcome: Outcome;
    try {
      outcome = await body();
    } catch (error) {
      outcome = {
        status: 'failed',
        detail: describeNetworkError(error, name === 'proxy' ? 'the proxy' : api.origin).message,
      };
    }
    checks.set(name, { name, ...outcome });
    publish();
    return outcome.status !== 'failed';
  };
  const skip = (name: CheckName, detail: string): void => {
    checks.set(name, { name, status: 'skipped', detail });
  };

  const checked = checkApiHost(options.apiHost);
  if (!checked.ok) {
    checks.set('dns', { name: 'dns', status: 'failed', detail: `the API host ${checked.problem}` });
    for (const n of ORDER) if (n !== 'dns') skip(n, 'not run: the API host is not usable');
    publish();
    return { ok: false, checks: ORDER.map((n) => checks.get(n)!) };
  }
  const api = checked.url;
  const { host, port } = hostAndPort(api);
  const proxy = options.transport.proxyFor(api.toString());
  const ca = options.transport.extraCa;
  publish();

  const proxyOk = proxy
    ? await run('proxy', async () => {
        const socket = await openTunnel(proxy, host, port, timeoutMs, ca);
        socket.destroy();
        return { status: 'passed', detail: `the proxy ${displayProxy(proxy)} tunnels to ${host}:${port}` };
      })
    : (skip('proxy', 'no proxy configured: connecting directly'), true);

  const dnsOk = !proxyOk
    ? (skip('dns', 'not run: the proxy check failed'), false)
    : proxy
      ? (skip('dns', 'the proxy resolves the API host'), true)
      : await run('dns', async () => {
          if (isIP(host)) return { status: 'passed', detail: `${host} is an IP address` };
          const address = await resolveHost(host);
          return { status: 'passed', detail: `${host} resolves to ${address}` };
        });

  const tlsOk = !dnsOk
    ? (skip('tls', 'not run: an earlier check failed'), false)
    : api.protocol !== 'https:'
      ? (skip('tls', 'the API host uses plain http: no TLS'), true)
      : await run('tls', async () => {
          const socket = proxy ? await openTunnel(proxy, host, port, timeoutMs, ca) : undefined;
          return { status: 'passed', detail: await handshake({ socket, host, port }, host, timeoutMs, ca) };
        });

  let serverTime: number | null = null;
  let sentAt = 0;
  let receivedAt = 0;
  const reachOk = !tlsOk
    ? (skip('reachability', 'not run: an earlier check failed'), false)
    : await run('reachability', async () => {
        sentAt = now();
        const res = await requestJson(options.transport, {
          method: 'GET',
          url: new URL('/healthz', api).toString(),
          timeoutMs,
        });
        receivedAt = now();
        const body = res.body as { status?: unknown; time?: unknown } | null;
        if (res.status !== 200 || body?.status !== 'ok') {
          return {
            status: 'failed',
            detail: `GET /healthz answered ${res.status}: is ${api.origin} a Planasonix control plane?`,
          };
        }
        const parsed = typeof body.time === 'string' ? Date.parse(body.time) : NaN;
        serverTime = Number.isNaN(parsed) ? null : parsed;
        return { status: 'passed', detail: `the control plane at ${api.origin} answers` };
      });

  if (!reachOk) skip('clock', 'not run: the control plane did not answer');
  else
    await run('clock', () => {
      if (serverTime === null)
        return Promise.resolve<Outcome>({ status: 'skipped', detail: 'the server did not say its time' });
      const { ok, detail } = describeSkew(
        clockSkewMs(serverTime, sentAt, receivedAt),
        options.clockToleranceMs ?? 300_000,
      );
      return Promise.resolve<Outcome>({ status: ok ? 'passed' : 'failed', detail });
    });

  publish();
  const final = ORDER.map((n) => checks.get(n)!);
  return { ok: final.every((c) => c.status !== 'failed'), checks: final };
}
