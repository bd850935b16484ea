/** The signals that stop the host: a service manager's SIGTERM, a terminal's Ctrl-C. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopRequest {
  /** Resolves with the first stop signal. */
  readonly requested: Promise<StopSignal>;
  /** The first stop signal, or null while none has come. */
  received(): StopSignal | null;
}

/**
 * Catches the stop signals for the whole life of the process. Installed before the host's modules
 * load, so a stop at any moment of start-up is an orderly one (exit 0, no worker left) instead of
 * the default action, which ends the host and leaves the worker running in its own process group.
 * The handlers stay, because a signal comes again during the stop: npm relays a terminal's Ctrl-C,
 * and a dependency of the settings store (conf → atomically → when-exit) runs its cleanup on the
 * first one and then sends the same signal to this process once more.
 */
export function catchStopSignals(proc: Pick<NodeJS.Process, 'on'>): StopRequest {
  let first: StopSignal | null = null;
  let resolve: (signal: StopSignal) => void = () => {};
  const requested = new Promise<StopSignal>((done) => (resolve = done));
  for (const signal of STOP_SIGNALS) {
    proc.on(signal, () => {
      if (first !== null) return;
      first = signal;
      resolve(signal);
    });
  }
  return { requested, received: () => first };
}
