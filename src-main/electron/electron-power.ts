import type { PowerMonitor, PowerSaveBlocker } from 'electron';
import type { PowerEvent, PowerSource, SleepBlocker } from '../core/power/power-source.js';

type Monitor = Pick<PowerMonitor, 'on' | 'removeListener' | 'isOnBatteryPower'>;

const FORWARDED = ['suspend', 'resume', 'on-battery', 'on-ac'] as const;

/** Electron's `powerMonitor` as the host core's power source. */
export function electronPowerSource(monitor: Monitor): PowerSource {
  return {
    onBattery: () => monitor.isOnBatteryPower(),
    subscribe(listener: (event: PowerEvent) => void) {
      const handlers = FORWARDED.map((event) => [event, () => listener(event)] as const);
      for (const [event, handler] of handlers) monitor.on(event as 'suspend', handler);
      return () => {
        for (const [event, handler] of handlers) monitor.removeListener(event as 'suspend', handler);
      };
    },
  };
}

/**
 * Electron's power-save blocker as the sleep blocker. `prevent-app-suspension` keeps the system
 * awake (jobs keep running) but lets the display sleep.
 */
export function electronSleepBlocker(blocker: Pick<PowerSaveBlocker, 'start' | 'stop'>): SleepBlocker {
  let id: number | null = null;
  return {
    hold() {
      id ??= blocker.start('prevent-app-suspension');
    },
    release() {
      if (id !== null) blocker.stop(id);
      id = null;
    },
  };
}
