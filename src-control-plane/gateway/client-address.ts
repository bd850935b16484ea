import { BlockList, isIP } from 'node:net';

/**
 * Proxies whose `X-Forwarded-For` we believe: addresses (`10.0.0.7`, `::1`) or CIDR ranges
 * (`10.0.0.0/8`). Anyone else could write any address into that header.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  private readonly empty: boolean;

  /** Throws, naming the entry, for one that is neither an address nor a CIDR range. */
  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = '', prefix, ...rest] = entry.trim().split('/');
      const family = isIP(address);
      const bits = prefix === undefined ? null : Number(prefix);
      const maxBits = family === 6 ? 128 : 32;
      if (
        family === 0 ||
        rest.length > 0 ||
        (bits !== null && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))
      ) {
        throw new Error(`trusted proxy "${entry}" is not an IP address or CIDR range`);
      }
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (bits === null) this.list.addAddress(address, type);
      else this.list.addSubnet(address, bits, type);
    }
    this.empty = entries.length === 0;
  }

  trusts(address: string): boolean {
    if (this.empty) return false;
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/**
 * The address of the peer as the operator means it: the socket's peer, unless that peer is a trusted
 * proxy, in which case `X-Forwarded-For` is walked from the right (the hop nearest us) past every
 * trusted proxy to the first address one of them vouched for.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: TrustedProxies,
): string | null {
  if (socketAddress === undefined) return null;
  let client = unmapIpv4(socketAddress);
  if (!proxies.trusts(client) || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => unmapIpv4(hop.trim()));
  for (let i = hops.length - 1; i >= 0 && proxies.trusts(client); i--) {
    const hop = hops[i] ?? '';
    // A garbled hop ends the chain: the last address we could vouch for stands.
    if (isIP(hop) === 0) break;
    client = hop;
  }
  return client;
}

/** `::ffff:127.0.0.1` (a v4 peer on a dual-stack socket) is reported as `127.0.0.1`. */
function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match?.[1] ?? address;
}
