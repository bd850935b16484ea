import type { Logger } from 'pino';

/** A cluster-wide lock held by one connection: losing the connection loses the lock. */
export interface SweeperLock {
  /** Takes the lock if free (connecting first when needed); false when another replica holds it. */
  tryAcquire(): Promise<boolean>;
  /** True while the connection holding the lock still answers. */
  stillHeld(): Promise<boolean>;
  /** Gives the lock up (drops its connection). */
  release(): Promise<void>;
}

export interface SweeperElectionOptions {
  lock: SweeperLock;
  /** How often a follower tries the lock and the sweeper checks it still holds it. */
  intervalMs: number;
  log: Pick<Logger, 'info' | 'warn'>;
}

export type ElectionState = 'follower' | 'sweeper' | 'stopped';

/**
 * Which replica sweeps (reaps jobs, marks agents of gone replicas offline). Exactly one holds the
 * lock; the others try it every interval, so when the sweeper dies (its connection, and with it the
 * lock, goes) another takes over within about one interval. `term` counts the times this replica
 * became the sweeper, so work owed once per term (the start grace) can tell a new term from the last.
 */
export class SweeperElection {
  private current: ElectionState = 'follower';
  private terms = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly options: SweeperElectionOptions) {}

  get state(): ElectionState {
    return this.current;
  }

  /** This replica's sweeper term, or null while it is not the sweeper. */
  term(): number | null {
    return this.current === 'sweeper' ? this.terms : null;
  }

  /** Tries at once, then every interval. */
  start(): Promise<void> {
    const next = () => {
      if (this.current === 'stopped') return;
      this.timer = setTimeout(() => void this.tick().then(next), this.options.intervalMs);
      this.timer.unref();
    };
    return this.tick().then(next);
  }

  /** One step of the state machine (exported for tests; `start` runs it on a timer). */
  tick(): Promise<void> {
    this.ticking = this.ticking.then(() => this.step());
    return this.ticking;
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    await this.ticking;
    const was = this.current;
    this.current = 'stopped';
    if (was === 'sweeper') await this.options.lock.release().catch(() => undefined);
  }

  private async step(): Promise<void> {
    if (this.current === 'follower') {
      const won = await this.options.lock.tryAcquire().catch((error: unknown) => {
        this.options.log.warn({ err: error }, 'trying the sweeper lock failed');
        return false;
      });
      if (!won || this.current !== 'follower') return;
      this.current = 'sweeper';
      this.terms += 1;
      this.options.log.info({ term: this.terms }, 'this replica is the sweeper');
    } else if (this.current === 'sweeper') {
      const held = await this.options.lock.stillHeld().catch(() => false);
      if (held || this.current !== 'sweeper') return;
      this.current = 'follower';
      this.options.log.warn('lost the sweeper lock');
      await this.options.lock.release().catch(() => undefined);
    }
  }
}
