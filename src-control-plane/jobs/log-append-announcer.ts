interface Window {
  timer: NodeJS.Timeout;
  /** Bytes arrived after this window's announcement. */
  more: boolean;
}

/**
 * Says "this job's log grew" at most once per interval per job: the first append at once, any later
 * ones in the interval folded into one announcement when it ends (so the last bytes are always
 * announced). Meant for news that leaves the process (another replica's log followers), where one
 * message per 45 KiB chunk would cost more than the wake-up is worth.
 */
export class LogAppendAnnouncer {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly announce: (jobId: string) => void,
    private readonly intervalMs: number,
  ) {}

  appended(jobId: string): void {
    const open = this.windows.get(jobId);
    if (open !== undefined) {
      open.more = true;
      return;
    }
    this.announce(jobId);
    this.open(jobId);
  }

  /** Drops pending announcements (shutdown). */
  close(): void {
    for (const window of this.windows.values()) clearTimeout(window.timer);
    this.windows.clear();
  }

  private open(jobId: string): void {
    const window: Window = {
      more: false,
      timer: setTimeout(() => {
        this.windows.delete(jobId);
        if (!window.more) return;
        this.announce(jobId);
        this.open(jobId);
      }, this.intervalMs),
    };
    window.timer.unref();
    this.windows.set(jobId, window);
  }
}
