import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createForkLauncher } from '../../src-main/core/supervisor/fork-launcher.js';
import type { Supervisor, SupervisorEvent } from '../../src-main/core/supervisor/supervisor.js';

/**
 * Drives the real supervisor with fixture workers: the tiny stand-in worker processes in
 * tests/fixtures/worker, one behaviour each (crash, hang, ignore shutdown…).
 */
export function fixtureWorkerLauncher(name: string) {
  return createForkLauncher({
    modulePath: fileURLToPath(new URL(`../fixtures/worker/${name}`, import.meta.url)),
  });
}

/** Resolves with the first supervisor event that matches, or fails after timeoutMs of real time. */
export function nextSupervisorEvent(
  supervisor: Supervisor,
  matches: (event: SupervisorEvent) => boolean,
  timeoutMs = 10_000,
): Promise<SupervisorEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(
        new Error(`no matching supervisor event within ${timeoutMs} ms (state ${supervisor.info().state})`),
      );
    }, timeoutMs);
    const off = supervisor.on((event) => {
      if (!matches(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

export function nextSupervisorState(supervisor: Supervisor, state: string, timeoutMs?: number) {
  return nextSupervisorEvent(supervisor, (e) => e.type === 'state' && e.info.state === state, timeoutMs);
}

/** True while the process runs; a zombie (dead, not yet reaped by its new parent) counts as dead. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No procfs (macOS): the signal check above is all we have.
    return true;
  }
}
