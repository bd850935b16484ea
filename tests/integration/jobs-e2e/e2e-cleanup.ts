import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RealAgentProcess } from '../../helpers/real-agent-process.js';

/**
 * What one end-to-end test started, undone in reverse order by `undo` (for afterEach): agents
 * stopped and their data folders removed, scratch folders removed, control planes stopped.
 */
export class E2eCleanup {
  private readonly steps: (() => Promise<unknown> | void)[] = [];

  add(step: () => Promise<unknown> | void): void {
    this.steps.push(step);
  }

  /** A fresh temp folder, removed at the end. */
  scratch(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.add(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Stops the agent (TERM, then KILL after 5 s) and removes its data folder. */
  agent({ agent, dataDir }: { agent: RealAgentProcess; dataDir: string }): void {
    this.add(async () => {
      await agent.stop(5_000);
      rmSync(dataDir, { recursive: true, force: true });
    });
  }

  async undo(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}

/** True while the agent still keeps the job's files (its journal): it drops them once all is acked. */
export function agentKeepsJob(dataDir: string, jobId: string): boolean {
  return existsSync(join(dataDir, 'jobs', jobId, 'journal.json'));
}
