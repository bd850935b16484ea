import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/**
 * Opens a CONNECT tunnel through an HTTP(S) proxy by hand, so the preflight can tell "the proxy is
 * unreachable" from "the proxy refuses to tunnel" (407, 403) from "the API host is unreachable".
 */
export function openTunnel(
  proxy: string,
  host: string,
  port: number,
  timeoutMs: number,
  ca?: string[],
): Promise<Socket> {
  const p = new URL(proxy);
  const proxyPort = Number(p.port || (p.protocol === 'https:' ? 443 : 80));
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const auth =
    p.username || p.password
      ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}\r\n`
      : '';
  return new Promise((resolve, reject) => {
    const socket =
      p.protocol === 'https:'
        ? tlsConnect({ host: p.hostname, port: proxyPort, servername: p.hostname, ...(ca ? { ca } : {}) })
        : netConnect({ host: p.hostname.replace(/^\[|\]$/g, ''), port: proxyPort });
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(Object.assign(new Error('proxy timed out'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', fail);
    socket.once(p.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    });
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16_384) fail(new Error('the proxy sent an oversized answer to CONNECT'));
        return;
      }
      socket.off('data', onData);
      socket.setTimeout(0);
      socket.off('error', fail);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      if (status !== '200') {
        fail(new Error(`the proxy answered CONNECT ${target} with ${status ?? 'no HTTP status'}`));
        return;
      }
      resolve(socket);
    };
    socket.on('data', onData);
  });
}
