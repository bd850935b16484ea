import { timingSafeEqual } from 'node:crypto';

/** Host headers we answer to: the loopback names with our port, nothing a DNS name could rebind to. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/**
 * A browser always sends Origin on a WebSocket upgrade: it must be our own page. A client without
 * Origin is not a browser, so no other site can be driving it.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const lower = origin.toLowerCase();
  return [...allowedHosts(port)].some((host) => lower === `http://${host}`);
}

export function tokensMatch(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
