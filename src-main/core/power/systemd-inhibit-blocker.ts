import { spawn, type ChildProcess } from 'node:child_process';
import type { SleepBlocker } from './power-source.js';

/** The inhibitor lock a headless Linux host takes while jobs run: held as long as the child lives. */
export const SYSTEMD_INHIBIT = [
  'systemd-inhibit',
  '--what=sleep:idle',
  '--who=Planasonix Agent',
  '--why=Pipeline jobs are running',
  '--mode=block',
  'sleep',
  'infinity',
] as const;

/**
 * Holds a systemd inhibitor lock by keeping `systemd-inhibit … sleep infinity` running, and lets go
 * by ending it. Where systemd (or logind) is not there, the command fails and the host says so once
 * per hold in its log; jobs run all the same.
 */
export class SystemdInhibitBlocker implements SleepBlocker {
  private child: ChildProcess | null = null;

  constructor(
    private readonly log: (msg: string) => void,
    private readonly argv: readonly string[] = SYSTEMD_INHIBIT,
  ) {}

  hold(): void {
    if (this.child !== null) return;
    const [command = '', ...args] = this.argv;
    const child = spawn(command, args, { stdio: 'ignore' });
    this.child = child;
    child.once('error', (error) => {
      this.log(`no sleep inhibitor lock (${command} could not start: ${error.message})`);
      if (this.child === child) this.child = null;
    });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.log(`no sleep inhibitor lock (${command} ended with ${signal ?? code})`);
    });
  }

  release(): void {
    const child = this.child;
    this.child = null;
    child?.kill('SIGTERM');
  }

  /** The pid of the process holding the lock, while held (for tests and diagnostics). */
  heldBy(): number | null {
    return this.child?.pid ?? null;
  }
}
