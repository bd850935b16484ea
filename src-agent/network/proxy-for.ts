import { BlockList, isIP } from 'node:net';

export interface ProxySettings {
  /** An explicit proxy URL from the agent's settings; it wins over the environment. */
  proxyUrl?: string | null;
  /** Extra NO_PROXY-style entries from the settings, added to the environment's. */
  noProxy?: string | null;
}

export type ProxyEnv = Record<string, string | undefined>;

/** Lower-case first, as curl does: the upper-case HTTP_PROXY is unsafe under CGI. */
function fromEnv(env: ProxyEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value?.trim() || undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' || protocol === 'wss:' ? '443' : '80';
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function matchesCidr(host: string, entry: string): boolean {
  const slash = entry.lastIndexOf('/');
  const base = stripBrackets(entry.slice(0, slash));
  const bits = Number(entry.slice(slash + 1));
  const family = isIP(base);
  const hostFamily = isIP(host);
  if (family === 0 || hostFamily !== family || !Number.isInteger(bits)) return false;
  const list = new BlockList();
  try {
    list.addSubnet(base, bits, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
  return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** One NO_PROXY entry against a host and port: `*`, a domain (its subdomains too), host:port, an IP, a CIDR. */
function matchesEntry(host: string, port: string, rawEntry: string): boolean {
  let entry = rawEntry.trim().toLowerCase();
  if (entry === '') return false;
  if (entry === '*') return true;
  if (entry.includes('/')) return matchesCidr(host, entry);
  let entryPort: string | null = null;
  const portMatch = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  if (portMatch?.[1] && portMatch[2]) {
    entry = portMatch[1];
    entryPort = portMatch[2];
  }
  if (entryPort !== null && entryPort !== port) return false;
  entry = stripBrackets(entry);
  if (isIP(entry) !== 0) return entry === host;
  const domain = entry.replace(/^\*?\./, '');
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * The proxy a connection to `url` should go through, or null for a direct connection. HTTPS and WSS
 * use HTTPS_PROXY, HTTP and WS use HTTP_PROXY; NO_PROXY (plus the settings' list) exempts hosts.
 * A proxy given without a scheme is taken as http://, which is what proxies listening for CONNECT are.
 */
export function proxyFor(url: string, env: ProxyEnv, settings: ProxySettings = {}): string | null {
  const target = new URL(url);
  const secure = target.protocol === 'https:' || target.protocol === 'wss:';
  const chosen = settings.proxyUrl?.trim() || fromEnv(env, secure ? 'HTTPS_PROXY' : 'HTTP_PROXY');
  if (!chosen) return null;

  const host = stripBrackets(target.hostname.toLowerCase());
  const port = target.port || defaultPort(target.protocol);
  const noProxy = [fromEnv(env, 'NO_PROXY'), settings.noProxy ?? undefined]
    .filter((v): v is string => Boolean(v))
    .join(',')
    .split(/[\s,]+/);
  if (noProxy.some((entry) => matchesEntry(host, port, entry))) return null;

  return /^[a-z][a-z0-9+.-]*:\/\//i.test(chosen) ? chosen : `http://${chosen}`;
}
