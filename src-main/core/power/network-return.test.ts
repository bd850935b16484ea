import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../tests/helpers/manual-clock.js';
import { combinedPowerSource, NETWORK_POLL_MS, networkReturnSource } from './network-return.js';
import type { PowerEvent } from './power-source.js';

const loopback = { address: '127.0.0.1', internal: true } as NetworkInterfaceInfo;
const wifi = (address: string) => ({ address, internal: false }) as NetworkInterfaceInfo;

describe('networkReturnSource', () => {
  it('reports network-up when an external address appears, once, and not for one going away', () => {
    const clock = new ManualClock();
    let current: NodeJS.Dict<NetworkInterfaceInfo[]> = { lo: [loopback] };
    const events: PowerEvent[] = [];
    const off = networkReturnSource(clock, () => current).subscribe((event) => events.push(event));
    clock.advance(NETWORK_POLL_MS);
    expect(events).toEqual([]);
    current = { lo: [loopback], wlan0: [wifi('192.168.1.20')] };
    clock.advance(NETWORK_POLL_MS);
    clock.advance(NETWORK_POLL_MS);
    expect(events).toEqual(['network-up']);
    current = { lo: [loopback] };
    clock.advance(NETWORK_POLL_MS);
    current = { lo: [loopback], wlan0: [wifi('10.0.0.7')] };
    clock.advance(NETWORK_POLL_MS);
    expect(events).toEqual(['network-up', 'network-up']);
    off();
    current = { lo: [loopback], eth0: [wifi('172.16.0.2')] };
    clock.advance(NETWORK_POLL_MS);
    expect(events).toHaveLength(2);
    expect(clock.nextTimerAt()).toBeNull();
  });
});

describe('combinedPowerSource', () => {
  it('takes battery from the first source and events from all', () => {
    const events: PowerEvent[] = [];
    const emitters: ((event: PowerEvent) => void)[] = [];
    const source = (battery: boolean) => ({
      onBattery: () => battery,
      subscribe: (listener: (event: PowerEvent) => void) => (emitters.push(listener), () => undefined),
    });
    const combined = combinedPowerSource(source(true), source(false));
    combined.subscribe((event) => events.push(event));
    emitters[0]!('resume');
    emitters[1]!('network-up');
    expect(combined.onBattery()).toBe(true);
    expect(events).toEqual(['resume', 'network-up']);
  });
});
