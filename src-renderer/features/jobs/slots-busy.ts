import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';

/**
 * "1 of 2 slots busy", or null while no worker has reported. The running jobs listed in the same
 * snapshot count too: the worker's own count can lag its job list, and a view that shows a running
 * job beside "0 of 1 slots busy" contradicts itself.
 */
export function slotsBusy(snapshot: HostSnapshot): string | null {
  if (snapshot.worker === null) return null;
  const listed = snapshot.jobs.filter((job) => job.state === 'running').length;
  return `${Math.max(listed, snapshot.worker.activeJobs)} of ${snapshot.worker.slots} slots busy`;
}
