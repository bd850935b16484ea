import { errorCode } from '../../src-node/error-message.js';
import {
  signalProcessTree,
  systemTreeSignalDeps,
  treeProbeTarget,
  type TreeSignal,
  type TreeSignalDeps,
} from '../../src-node/processes/process-tree.js';
import { livingGroupMembers } from './linux-proc.js';
import type { MonotonicClock } from './monotonic-clock.js';
import { sleep } from './monotonic-clock.js';

export interface ProcessTreeDeps extends TreeSignalDeps {
  clock: MonotonicClock;
  /** Where the OS can tell: the group's members that are not zombies (null when it cannot read). */
  livingMembers?: (pgid: number) => number[] | null;
}

export function systemProcessTreeDeps(
  clock: MonotonicClock,
  platform: NodeJS.Platform = process.platform,
): ProcessTreeDeps {
  return {
    ...systemTreeSignalDeps(platform),
    // Only Linux has /proc with process groups; elsewhere the signal probe alone decides.
    livingMembers: platform === 'linux' ? (pgid) => livingGroupMembers(pgid) : undefined,
    clock,
  };
}

/** How a terminate ended: the tree left on TERM, needed KILL, or (bounded wait) is still there. */
export type TerminateOutcome = 'gone' | 'exited_on_term' | 'killed' | 'survived';

const POLL_MS = 25;
const AFTER_KILL_WAIT_MS = 5_000;

/** Signals, probes and terminates a step's process tree (its group on POSIX). */
export class ProcessTree {
  constructor(private readonly deps: ProcessTreeDeps) {}

  async signal(leaderPid: number, signal: TreeSignal): Promise<void> {
    await signalProcessTree(leaderPid, signal, this.deps);
  }

  /**
   * True while any process of the tree runs (EPERM means it exists but is not ours to signal). The
   * signal probe also answers for zombies, so where the OS lists members, zombies do not count.
   */
  alive(leaderPid: number): boolean {
    try {
      this.deps.kill(treeProbeTarget(this.deps.platform, leaderPid), 0);
    } catch (error) {
      return errorCode(error) === 'EPERM';
    }
    const members = this.deps.livingMembers?.(leaderPid);
    return members === undefined || members === null || members.length > 0;
  }

  /** SIGTERM to the tree, up to graceMs for it to leave, then SIGKILL. */
  async terminate(leaderPid: number, graceMs: number): Promise<TerminateOutcome> {
    if (!this.alive(leaderPid)) return 'gone';
    await this.signal(leaderPid, 'SIGTERM');
    if (await this.waitGone(leaderPid, graceMs)) return 'exited_on_term';
    await this.signal(leaderPid, 'SIGKILL');
    return (await this.waitGone(leaderPid, AFTER_KILL_WAIT_MS)) ? 'killed' : 'survived';
  }

  /** SIGKILL at once (crash recovery: nobody is left to be graceful for). */
  async kill(leaderPid: number): Promise<TerminateOutcome> {
    if (!this.alive(leaderPid)) return 'gone';
    await this.signal(leaderPid, 'SIGKILL');
    return (await this.waitGone(leaderPid, AFTER_KILL_WAIT_MS)) ? 'killed' : 'survived';
  }

  private async waitGone(leaderPid: number, ms: number): Promise<boolean> {
    const deadline = this.deps.clock.now() + ms;
    // Bounded by the deadline on the injected clock.
    while (this.alive(leaderPid)) {
      if (this.deps.clock.now() >= deadline) return false;
      await sleep(this.deps.clock, Math.min(POLL_MS, Math.max(1, deadline - this.deps.clock.now())));
    }
    return true;
  }
}
