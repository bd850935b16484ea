import type { Logger } from 'pino';

/** Runs `work` every `intervalMs`, one run at a time; a failed run is logged and the next one tries again. */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    private readonly log: Pick<Logger, 'warn'>,
    /** The first run comes after this (default: one interval). */
    firstDelayMs: number = intervalMs,
  ) {
    this.schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.work()
        .catch((error: unknown) => this.log.warn({ err: error }, 'periodic task failed'))
        .then(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
