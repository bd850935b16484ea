import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { LogSpool } from './log-spool.js';
import type { MonotonicClock } from './monotonic-clock.js';
import { shellInvocation, spawnsOwnGroup } from './platform-process.js';
import type { ProcessTree, TerminateOutcome } from './process-tree.js';
import { errorMessage } from '../../src-node/error-message.js';

export type StopReason = 'timed_out' | 'cancelled' | 'spool_failed';

export interface StepOutcome {
  exitCode: number | null;
  signal: string | null;
  /** Why the agent stopped the step, or null when it ended on its own. */
  stoppedFor: StopReason | null;
  /** The shell could not be started (or the spool failed); the message says why. */
  error: string | null;
  /** Bytes of the step's output kept in the spool. */
  outputBytes: number;
  /** How the step's leftover tree went: `gone` when nothing was left behind. */
  cleanup: TerminateOutcome;
}

export interface StepRunOptions {
  platform: NodeJS.Platform;
  run: string;
  cwd: string;
  env: Record<string, string>;
  spool: LogSpool;
  tree: ProcessTree;
  clock: MonotonicClock;
  /** SIGTERM → SIGKILL grace, for a stop and for what the step leaves running when it exits. */
  graceMs: number;
  /** Called synchronously once the step has a pid, before any await: the journal records it. */
  onSpawned(pid: number): void;
}

export interface RunningStep {
  readonly done: Promise<StepOutcome>;
  /** Ends the step's whole tree (TERM, grace, KILL); the first reason given wins. */
  stop(reason: StopReason): void;
}

/** After the tree is gone its pipes close; a process that left the group may hold them longer. */
const PIPE_CLOSE_WAIT_MS = 2_000;

/**
 * Runs one step: the platform shell in its own process group, stdout and stderr straight into the
 * spool. When the shell exits, whatever it left behind in its group is terminated too, so no
 * process outlives its step (and so none outlives its job).
 */
export function startStep(options: StepRunOptions): RunningStep {
  const shell = shellInvocation(options.platform, options.run);
  const child = spawn(shell.command, shell.args, {
    cwd: options.cwd,
    env: options.env,
    detached: spawnsOwnGroup(options.platform),
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const pid = child.pid;
  if (pid !== undefined) options.onSpawned(pid);

  let outputBytes = 0;
  let stoppedFor: StopReason | null = null;
  let error: string | null = null;
  let termination: Promise<TerminateOutcome> | null = null;
  const terminateTree = (): Promise<TerminateOutcome> => {
    termination ??=
      pid === undefined ? Promise.resolve('gone') : options.tree.terminate(pid, options.graceMs);
    return termination;
  };
  const stop = (reason: StopReason): void => {
    stoppedFor ??= reason;
    terminateTree().catch((cause: unknown) => {
      error ??= `could not stop the step: ${errorMessage(cause)}`;
    });
  };

  const onData = (chunk: Buffer): void => {
    if (stoppedFor === 'spool_failed') return;
    try {
      outputBytes += options.spool.writeOutput(chunk);
    } catch (cause) {
      // A full disk: the output cannot be kept, so the job cannot be reported truthfully. Stop it.
      error = `could not write the log: ${errorMessage(cause)}`;
      stop('spool_failed');
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const pipesClosed = Promise.all([closed(child.stdout), closed(child.stderr)]);

  const done = new Promise<StepOutcome>((resolve) => {
    child.once('error', (cause) => {
      if (pid !== undefined) return;
      error = `could not start ${shell.command}: ${cause.message}`;
      resolve({ exitCode: null, signal: null, stoppedFor, error, outputBytes, cleanup: 'gone' });
    });
    child.once('exit', (exitCode, signal) => {
      void (async () => {
        const cleanup = await terminateTree().catch(() => 'survived' as const);
        await boundedWait(pipesClosed, options.clock, PIPE_CLOSE_WAIT_MS);
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ exitCode, signal, stoppedFor, error, outputBytes, cleanup });
      })();
    });
  });
  return { done, stop };
}

function closed(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else stream.once('close', () => resolve());
  });
}

function boundedWait(promise: Promise<unknown>, clock: MonotonicClock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const cancel = clock.after(ms, resolve);
    void promise.then(() => {
      cancel();
      resolve();
    });
  });
}
