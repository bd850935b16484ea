/** What the machine's power and network tell the host. */
export type PowerEvent = 'suspend' | 'resume' | 'on-battery' | 'on-ac' | 'network-up';

/**
 * Power events from the OS: Electron's `powerMonitor` in the desktop app; on a headless host only
 * what Node can see (the network coming back); in tests, a source the test drives.
 */
export interface PowerSource {
  /** Whether the machine runs on battery now (false where that cannot be known). */
  onBattery(): boolean;
  subscribe(listener: (event: PowerEvent) => void): () => void;
}

/** A source that never reports anything: a headless host sees no sleep or battery events. */
export const NO_POWER_EVENTS: PowerSource = { onBattery: () => false, subscribe: () => () => undefined };

/**
 * Keeps the machine from sleeping while held: Electron's power-save blocker on the desktop, a
 * systemd inhibitor lock on a headless Linux host. Both calls are idempotent.
 */
export interface SleepBlocker {
  hold(): void;
  release(): void;
}

/** A blocker that does nothing: where no way to keep the machine awake is known. */
export const NO_SLEEP_BLOCKER: SleepBlocker = { hold: () => undefined, release: () => undefined };
