import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST_SETTINGS } from '../../src-shared/host-api/settings.js';
import type { JobSummary } from '../../src-shared/host-api/snapshot.js';
import { connectedSnapshot, SNAPSHOT_AGENT_ID } from '../../tests/helpers/host-snapshot.js';
import { notificationsFor } from './notifications.js';

const notEnrolled = connectedSnapshot({
  enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null },
  worker: null,
});
const enrolled = connectedSnapshot();
const revoked = connectedSnapshot({ enrollment: { ...enrolled.enrollment, state: 'revoked' } });
const job = (id: string, state: JobSummary['state']): JobSummary => ({
  id,
  state,
  name: `nightly ${id}`,
  exitCode: null,
  startedAt: 1,
  finishedAt: null,
});

describe('notificationsFor', () => {
  it('announces enrollment, revocation and each newly failed job once', () => {
    expect(notificationsFor(notEnrolled, enrolled, DEFAULT_HOST_SETTINGS)).toEqual([
      {
        kind: 'enrolled',
        title: 'Agent enrolled',
        body: `Enrolled as ${SNAPSHOT_AGENT_ID} with https://cp.example.`,
      },
    ]);
    expect(notificationsFor(enrolled, revoked, DEFAULT_HOST_SETTINGS).map((n) => n.kind)).toEqual([
      'revoked',
    ]);
    const running = connectedSnapshot({ jobs: [job('a', 'running'), job('b', 'failed')] });
    const failed = connectedSnapshot({ jobs: [job('a', 'failed'), job('b', 'failed')] });
    expect(notificationsFor(running, failed, DEFAULT_HOST_SETTINGS)).toEqual([
      { kind: 'jobFailed', title: 'Job failed', body: 'nightly a failed.' },
    ]);
  });

  it('stays quiet for unchanged state and for the first snapshot', () => {
    expect(notificationsFor(enrolled, enrolled, DEFAULT_HOST_SETTINGS)).toEqual([]);
    expect(notificationsFor(null, revoked, DEFAULT_HOST_SETTINGS)).toEqual([]);
  });

  it('honours each setting', () => {
    const off = {
      ...DEFAULT_HOST_SETTINGS,
      notifications: { enrolled: false, revoked: false, jobFailed: false },
    };
    expect(notificationsFor(notEnrolled, enrolled, off)).toEqual([]);
    expect(notificationsFor(enrolled, revoked, off)).toEqual([]);
    const failed = connectedSnapshot({ jobs: [job('a', 'failed')] });
    expect(notificationsFor(enrolled, failed, off)).toEqual([]);
    const onlyJobs = { ...off, notifications: { ...off.notifications, jobFailed: true } };
    expect(notificationsFor(enrolled, failed, onlyJobs)).toHaveLength(1);
  });
});
