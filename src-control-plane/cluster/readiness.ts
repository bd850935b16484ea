export type ReadinessStatus = 'ready' | 'draining' | 'database_unavailable';

export interface ReadinessAnswer {
  status: ReadinessStatus;
  replica: string;
  /** `not_checked` while draining: the answer is 503 whatever the database says. */
  database: 'ok' | 'unavailable' | 'not_checked';
}

export interface ReadinessOptions {
  replicaId: string;
  /** A trivial query (`select 1`); its failure or slowness makes the replica not ready. */
  pingDatabase: () => Promise<unknown>;
  timeoutMs: number;
}

/**
 * What a load balancer asks before sending this replica traffic: not while it drains, not while its
 * database does not answer (its requests would fail), otherwise yes.
 */
export class Readiness {
  private draining = false;

  constructor(private readonly options: ReadinessOptions) {}

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  async check(): Promise<ReadinessAnswer> {
    const replica = this.options.replicaId;
    if (this.draining) return { status: 'draining', replica, database: 'not_checked' };
    const ok = await withinTimeout(this.options.pingDatabase(), this.options.timeoutMs);
    return ok
      ? { status: 'ready', replica, database: 'ok' }
      : { status: 'database_unavailable', replica, database: 'unavailable' };
  }
}

async function withinTimeout(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    // Failure is handled on `work` itself: a rejection after the timeout must not go unhandled.
    return await Promise.race([
      work.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
