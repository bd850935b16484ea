import type { HostSettings } from '../../../src-shared/host-api/settings.js';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';
import type { JobIntake } from '../service/job-intake.js';
import type { PowerEvent, PowerSource, SleepBlocker } from './power-source.js';

export interface PowerCoordinatorDeps {
  source: PowerSource;
  blocker: SleepBlocker;
  /** The host's snapshot (pushed at every change) and settings in force. */
  snapshot(): HostSnapshot;
  onSnapshot(listener: () => void): () => void;
  settings(): HostSettings;
  intake: Pick<JobIntake, 'setOnBattery' | 'recheck'>;
  /** Tells the worker to reconnect now instead of waiting out its backoff. */
  reconnectNow(): void;
  log(level: 'info' | 'warn', msg: string): void;
}

/**
 * Sleep and power for the host: holds the sleep blocker exactly while jobs run (when "keep awake
 * while jobs run" is on), pauses intake on battery (when "pause while on battery" is on), and on a
 * resume or the network's return has the worker reconnect at once and a timed pause look at the
 * clock again.
 */
export class PowerCoordinator {
  private holding = false;
  private onBattery: boolean;
  private pauseOnBattery: boolean;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: PowerCoordinatorDeps) {
    this.onBattery = deps.source.onBattery();
    this.pauseOnBattery = deps.settings().pauseOnBattery;
    if (this.pauseOnBattery && this.onBattery) deps.intake.setOnBattery(true);
    this.offs.push(deps.source.subscribe((event) => this.onPower(event)));
    this.offs.push(deps.onSnapshot(() => this.reconcile()));
    this.reconcile();
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.setHolding(false);
  }

  private onPower(event: PowerEvent): void {
    switch (event) {
      case 'suspend':
        this.deps.log('info', 'the machine is going to sleep');
        return;
      case 'resume':
      case 'network-up':
        this.deps.log(
          'info',
          `${event === 'resume' ? 'resumed from sleep' : 'the network is back'}: reconnecting now`,
        );
        this.deps.intake.recheck();
        this.deps.reconnectNow();
        return;
      case 'on-battery':
      case 'on-ac':
        this.onBattery = event === 'on-battery';
        if (this.pauseOnBattery) this.deps.intake.setOnBattery(this.onBattery);
        return;
    }
  }

  private reconcile(): void {
    const settings = this.deps.settings();
    if (settings.pauseOnBattery !== this.pauseOnBattery) {
      this.pauseOnBattery = settings.pauseOnBattery;
      this.deps.intake.setOnBattery(this.pauseOnBattery && this.onBattery);
    }
    const snapshot = this.deps.snapshot();
    const jobsRunning =
      (snapshot.worker?.activeJobs ?? 0) > 0 || snapshot.jobs.some((job) => job.state === 'running');
    this.setHolding(settings.keepAwakeWhileJobsRun && jobsRunning);
  }

  private setHolding(hold: boolean): void {
    if (hold === this.holding) return;
    this.holding = hold;
    if (hold) this.deps.blocker.hold();
    else this.deps.blocker.release();
    this.deps.log('info', hold ? 'keeping the machine awake while jobs run' : 'the machine may sleep again');
  }
}
