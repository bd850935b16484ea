import type { EnrollmentInfo } from '../../../src-shared/host-api/snapshot.js';
import type { WorkerState } from '../../../src-shared/worker-link.js';
import type { EnrollmentRecord } from './enrollment-record.js';

export interface EnrollmentFacts {
  /** The worker's last report (null while it is down, see HostService). */
  worker: WorkerState | null;
  /** What the host remembered at the last successful enrollment. */
  record: EnrollmentRecord | null;
  /** An enroll call is in flight. */
  enrolling: boolean;
  /** The worker last exited 10. */
  needsEnrollment: boolean;
  /**
   * The control plane this host was started for (`--api-host`, PLANASONIX_API_HOST), or null: what
   * a host not enrolled yet offers to enroll with, so a pasted token is all the user adds.
   */
  configuredApiHost?: string | null;
}

/**
 * The snapshot's enrollment, from what the worker says when it is up and from the host's record
 * when it is not. The worker wins: it holds the credentials.
 */
export function deriveEnrollment({
  worker,
  record,
  enrolling,
  needsEnrollment,
  configuredApiHost = null,
}: EnrollmentFacts): EnrollmentInfo {
  const notEnrolled: EnrollmentInfo = {
    state: 'not_enrolled',
    agentId: null,
    label: null,
    apiHost: configuredApiHost,
  };
  if (enrolling || worker?.phase === 'enrolling') return { ...notEnrolled, state: 'enrolling' };
  const label = record?.label ?? null;
  const apiHost = worker?.apiHost ?? record?.apiHost ?? null;
  if (worker?.phase === 'revoked') {
    return { state: 'revoked', agentId: worker.agentId ?? record?.agentId ?? null, label, apiHost };
  }
  let agentId: string | null;
  if (worker === null) agentId = needsEnrollment ? null : (record?.agentId ?? null);
  else agentId = worker.phase === 'not_enrolled' ? null : (worker.agentId ?? record?.agentId ?? null);
  return agentId === null ? notEnrolled : { state: 'enrolled', agentId, label, apiHost };
}
