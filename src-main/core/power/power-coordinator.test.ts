import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST_SETTINGS, type HostSettings } from '../../../src-shared/host-api/settings.js';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';
import { connectedSnapshot } from '../../../tests/helpers/host-snapshot.js';
import { PowerCoordinator } from './power-coordinator.js';
import type { PowerEvent, PowerSource } from './power-source.js';

/** The test's power source: it says when the machine sleeps, wakes, or changes power. */
class DrivenPowerSource implements PowerSource {
  battery = false;
  private listener: ((event: PowerEvent) => void) | null = null;
  onBattery() {
    return this.battery;
  }
  subscribe(listener: (event: PowerEvent) => void) {
    this.listener = listener;
    return () => (this.listener = null);
  }
  emit(event: PowerEvent) {
    this.listener?.(event);
  }
}

function setup(options: { settings?: Partial<HostSettings>; battery?: boolean } = {}) {
  const source = new DrivenPowerSource();
  source.battery = options.battery ?? false;
  let snapshot: HostSnapshot = connectedSnapshot();
  let settings: HostSettings = { ...DEFAULT_HOST_SETTINGS, ...options.settings };
  const snapshotListeners = new Set<() => void>();
  const blocker: string[] = [];
  const intake: string[] = [];
  let reconnects = 0;
  const coordinator = new PowerCoordinator({
    source,
    blocker: { hold: () => blocker.push('hold'), release: () => blocker.push('release') },
    snapshot: () => snapshot,
    onSnapshot: (listener) => {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },
    settings: () => settings,
    intake: {
      setOnBattery: (on) => void intake.push(on ? 'battery' : 'ac'),
      recheck: () => void intake.push('recheck'),
    },
    reconnectNow: () => (reconnects += 1),
    log: () => undefined,
  });
  const push = (next: { snapshot?: HostSnapshot; settings?: Partial<HostSettings> }) => {
    snapshot = next.snapshot ?? snapshot;
    settings = { ...settings, ...next.settings };
    for (const listener of snapshotListeners) listener();
  };
  return { coordinator, source, blocker, intake, push, reconnects: () => reconnects };
}

const running = (activeJobs: number) => connectedSnapshot({ worker: { activeJobs } });

describe('PowerCoordinator', () => {
  it('holds the sleep blocker exactly while jobs run', () => {
    const { blocker, push } = setup();
    expect(blocker).toEqual([]);
    push({ snapshot: running(1) });
    push({ snapshot: running(2) });
    expect(blocker).toEqual(['hold']);
    push({ snapshot: running(0) });
    expect(blocker).toEqual(['hold', 'release']);
  });

  it('holds nothing while "keep awake while jobs run" is off, and lets go when it is turned off', () => {
    const { blocker, push } = setup({ settings: { keepAwakeWhileJobsRun: false } });
    push({ snapshot: running(1) });
    expect(blocker).toEqual([]);
    push({ settings: { keepAwakeWhileJobsRun: true } });
    push({ settings: { keepAwakeWhileJobsRun: false } });
    expect(blocker).toEqual(['hold', 'release']);
  });

  it('releases the blocker when stopped with a job running', () => {
    const { coordinator, blocker, push } = setup();
    push({ snapshot: running(1) });
    coordinator.stop();
    expect(blocker).toEqual(['hold', 'release']);
  });

  it('has the worker reconnect at once and the pause look at the clock on resume and network return', () => {
    const { source, intake, reconnects } = setup();
    source.emit('suspend');
    expect(reconnects()).toBe(0);
    source.emit('resume');
    source.emit('network-up');
    expect(reconnects()).toBe(2);
    expect(intake).toEqual(['recheck', 'recheck']);
  });

  it('ignores battery while "pause while on battery" is off (the default)', () => {
    const { source, intake } = setup({ battery: true });
    source.emit('on-ac');
    source.emit('on-battery');
    expect(intake).toEqual([]);
  });

  it('pauses on battery and resumes on AC when asked, from the state at start too', () => {
    const { source, intake } = setup({ battery: true, settings: { pauseOnBattery: true } });
    expect(intake).toEqual(['battery']);
    source.emit('on-ac');
    source.emit('on-battery');
    expect(intake).toEqual(['battery', 'ac', 'battery']);
  });

  it('applies the battery setting when it changes, and lifts the pause when turned off', () => {
    const { intake, push } = setup({ battery: true });
    push({ settings: { pauseOnBattery: true } });
    push({ settings: { pauseOnBattery: false } });
    expect(intake).toEqual(['battery', 'ac']);
  });
});
