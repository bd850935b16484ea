import type { HostToWorker } from '../../../src-shared/worker-link.js';

export interface WorkerExitStatus {
  /** Exit code, or null when a signal (or a failed start) ended it. */
  code: number | null;
  signal: string | null;
  /** Set when the process could not be started at all. */
  startError?: string;
}

/** One running worker process, whichever way it was started (Node fork, Electron utilityProcess). */
export interface WorkerProcess {
  readonly pid: number | undefined;
  /** Sends one link message; false when the channel is already closed. */
  send(message: HostToWorker): boolean;
  onMessage(listener: (message: unknown) => void): void;
  /** Each line the worker writes to stdout or stderr. */
  onOutput(listener: (stream: 'stdout' | 'stderr', line: string) => void): void;
  /** Called once, when the process has exited (or failed to start). */
  onExit(listener: (status: WorkerExitStatus) => void): void;
  /** Ends the process and everything it started. */
  killTree(): Promise<void>;
}

/** Starts a worker process; the supervisor calls it for every (re)start. */
export interface WorkerLauncher {
  launch(): WorkerProcess;
}

/** Delivers one exit status to every listener, including those that subscribe after the exit. */
export class ExitLatch {
  private status: WorkerExitStatus | null = null;
  private readonly listeners: ((status: WorkerExitStatus) => void)[] = [];

  get exited(): boolean {
    return this.status !== null;
  }

  /** The first call wins: a process reports its exit once, whichever event told us first. */
  settle(status: WorkerExitStatus): void {
    if (this.status !== null) return;
    this.status = status;
    for (const listener of this.listeners.splice(0)) listener(status);
  }

  onExit(listener: (status: WorkerExitStatus) => void): void {
    if (this.status !== null) listener(this.status);
    else this.listeners.push(listener);
  }
}
