import type { HostSettings } from '../../src-shared/host-api/settings.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';

export interface ShellNotification {
  kind: keyof HostSettings['notifications'];
  title: string;
  body: string;
}

/**
 * The desktop notifications one snapshot change deserves: enrollment success, revocation, and each
 * job that newly failed, each only when its setting is on. Pure, so every transition is tested.
 */
export function notificationsFor(
  previous: HostSnapshot | null,
  next: HostSnapshot,
  settings: HostSettings,
): ShellNotification[] {
  // The first snapshot describes the past (state at start-up): nothing in it is news.
  if (previous === null) return [];
  const out: ShellNotification[] = [];
  const was = previous.enrollment.state;
  const is = next.enrollment.state;
  if (settings.notifications.enrolled && is === 'enrolled' && was !== 'enrolled') {
    out.push({
      kind: 'enrolled',
      title: 'Agent enrolled',
      body: `Enrolled as ${next.enrollment.agentId ?? 'a new agent'}${next.enrollment.apiHost ? ` with ${next.enrollment.apiHost}` : ''}.`,
    });
  }
  if (settings.notifications.revoked && is === 'revoked' && was !== 'revoked') {
    out.push({
      kind: 'revoked',
      title: 'Agent access revoked',
      body: 'The control plane revoked this agent. It takes no more jobs until it is enrolled again.',
    });
  }
  if (settings.notifications.jobFailed) {
    const failedBefore = new Set(previous.jobs.filter((job) => job.state === 'failed').map((job) => job.id));
    for (const job of next.jobs) {
      if (job.state !== 'failed' || failedBefore.has(job.id)) continue;
      out.push({ kind: 'jobFailed', title: 'Job failed', body: `${job.name ?? job.id} failed.` });
    }
  }
  return out;
}
