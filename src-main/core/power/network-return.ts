import type { NetworkInterfaceInfo } from 'node:os';
import type { Clock, TimerHandle } from '../clock.js';
import type { PowerEvent, PowerSource } from './power-source.js';

/** How often the network interfaces are looked at. */
export const NETWORK_POLL_MS = 5_000;

type Interfaces = () => NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * Reports `network-up` when an external address appears that the last look did not see: the network
 * came back, or the machine joined another one. Node has no event for this, so it polls.
 */
export function networkReturnSource(
  clock: Clock,
  interfaces: Interfaces,
  pollMs = NETWORK_POLL_MS,
): PowerSource {
  return {
    onBattery: () => false,
    subscribe(listener: (event: PowerEvent) => void) {
      let seen = externalAddresses(interfaces);
      let timer: TimerHandle | null = null;
      const look = () => {
        const now = externalAddresses(interfaces);
        if ([...now].some((address) => !seen.has(address))) listener('network-up');
        seen = now;
        timer = clock.setTimeout(look, pollMs);
      };
      timer = clock.setTimeout(look, pollMs);
      return () => {
        if (timer !== null) clock.clearTimeout(timer);
        timer = null;
      };
    },
  };
}

/** One source from several: battery from the first, events from all. */
export function combinedPowerSource(first: PowerSource, ...rest: PowerSource[]): PowerSource {
  return {
    onBattery: () => first.onBattery(),
    subscribe(listener) {
      const offs = [first, ...rest].map((source) => source.subscribe(listener));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}

function externalAddresses(interfaces: Interfaces): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(interfaces()))
    for (const info of list ?? []) if (!info.internal) addresses.add(info.address);
  return addresses;
}
