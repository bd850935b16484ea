import { test as base } from '@playwright/test';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../helpers/control-plane-for-agents.js';
import { startHeadlessHostProcess, type HeadlessHostProcess } from '../helpers/headless-host-process.js';

export interface AgentStack {
  cp: ControlPlaneForAgents;
  host: HeadlessHostProcess;
}

/**
 * The real thing under the browser: a control plane (SQLite, short heartbeats) and the headless host
 * with the real agent as its worker, both on loopback, started once per worker and stopped after.
 */
export const test = base.extend<Record<never, never>, { stack: AgentStack }>({
  stack: [
    // Playwright reads a fixture's dependencies from its destructured first parameter: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const cp = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
      let host: HeadlessHostProcess | undefined;
      try {
        host = await startHeadlessHostProcess();
        await use({ cp, host });
      } finally {
        await host?.stop();
        await cp.cp.stop();
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

export { expect } from '@playwright/test';
