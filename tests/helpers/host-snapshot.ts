import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import type { WorkerState } from '../../src-shared/worker-link.js';

export const SNAPSHOT_AGENT_ID = 'agt_01jq8pr0d01abcdefghjkmnpqr';

/** A connected, idle, enrolled host: tests override the parts a case is about. */
export function connectedSnapshot(
  overrides: Partial<Omit<HostSnapshot, 'worker'>> & { worker?: Partial<WorkerState> | null } = {},
): HostSnapshot {
  const { worker, ...rest } = overrides;
  const baseWorker: WorkerState = {
    phase: 'connected',
    agentId: SNAPSHOT_AGENT_ID,
    apiHost: 'https://cp.example',
    reason: null,
    nextRetryAt: null,
    lastHeartbeatAt: 0,
    activeJobs: 0,
    slots: 4,
    lastError: null,
  };
  return {
    appVersion: '1.0.0',
    paused: false,
    pause: null,
    enrollment: {
      state: 'enrolled',
      agentId: SNAPSHOT_AGENT_ID,
      label: 'etl-1',
      apiHost: 'https://cp.example',
    },
    supervisor: {
      state: 'running',
      restarts: 0,
      nextRestartAt: null,
      lastExit: null,
      reason: null,
      needsEnrollment: false,
    },
    worker: worker === null ? null : { ...baseWorker, ...worker },
    health: null,
    jobs: [],
    secrets: { backend: 'file', warning: null },
    policy: { values: {}, sources: {}, warnings: [] },
    ...rest,
  };
}
