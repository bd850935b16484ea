/**
 * Whether the agent takes new work. Paused (by the host, or a first SIGTERM to the standalone agent):
 * no new jobs, running ones finish. A second SIGTERM while paused by a signal cancels them, for the
 * operator who really means "stop now".
 */
export type PausePhase = 'accepting' | 'paused' | 'cancelling';

export interface PauseControlDeps {
  cancelRunningJobs(): void;
  onPhaseChanged?(phase: PausePhase): void;
}

export class PauseControl {
  private phaseValue: PausePhase = 'accepting';
  private pausedBySignal = false;

  constructor(private readonly deps: PauseControlDeps) {}

  get phase(): PausePhase {
    return this.phaseValue;
  }

  acceptsWork(): boolean {
    return this.phaseValue === 'accepting';
  }

  /** From the host; false when already paused. */
  pause(): boolean {
    if (this.phaseValue !== 'accepting') return false;
    this.set('paused');
    return true;
  }

  /** From the host; false when not paused. After a cancelling SIGTERM only a restart resumes. */
  resume(): boolean {
    if (this.phaseValue !== 'paused') return false;
    this.pausedBySignal = false;
    this.set('accepting');
    return true;
  }

  /** First SIGTERM: pause. Second: cancel the running jobs. Later ones change nothing. */
  onSigterm(): PausePhase {
    if (this.phaseValue === 'accepting') {
      this.pausedBySignal = true;
      this.set('paused');
    } else if (this.phaseValue === 'paused' && this.pausedBySignal) {
      this.set('cancelling');
      this.deps.cancelRunningJobs();
    } else if (this.phaseValue === 'paused') {
      // Paused by the host, then a signal: this is the operator's first "stop", not the second.
      this.pausedBySignal = true;
    }
    return this.phaseValue;
  }

  private set(phase: PausePhase): void {
    this.phaseValue = phase;
    this.deps.onPhaseChanged?.(phase);
  }
}
