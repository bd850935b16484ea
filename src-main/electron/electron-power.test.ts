import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { PowerEvent } from '../core/power/power-source.js';
import { electronPowerSource, electronSleepBlocker } from './electron-power.js';

// Electron cannot run here: its powerMonitor and powerSaveBlocker are stood in for by objects with
// the same methods.
describe('electronPowerSource', () => {
  it('forwards suspend, resume and power-source changes, and stops on unsubscribe', () => {
    const monitor = Object.assign(new EventEmitter(), { isOnBatteryPower: () => true });
    const source = electronPowerSource(monitor as never);
    const seen: PowerEvent[] = [];
    const off = source.subscribe((event) => seen.push(event));
    for (const event of ['suspend', 'resume', 'on-battery', 'on-ac', 'shutdown']) monitor.emit(event);
    off();
    monitor.emit('resume');
    expect(seen).toEqual(['suspend', 'resume', 'on-battery', 'on-ac']);
    expect(source.onBattery()).toBe(true);
  });
});

describe('electronSleepBlocker', () => {
  it('starts one prevent-app-suspension blocker while held and stops that one on release', () => {
    const calls: string[] = [];
    const blocker = electronSleepBlocker({
      start: (type) => (calls.push(`start ${type}`), 7),
      stop: (id) => (calls.push(`stop ${id}`), true),
    });
    blocker.hold();
    blocker.hold();
    blocker.release();
    blocker.release();
    expect(calls).toEqual(['start prevent-app-suspension', 'stop 7']);
  });
});
