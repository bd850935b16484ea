import { pausedLabel } from '../../../src-shared/host-api/pause.js';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';

export type Tone = 'ok' | 'busy' | 'warn' | 'error' | 'idle';

/** What fixes the state, one click away. */
export type FixAction = 'enroll' | 'resume' | 'restartWorker';

export interface StatusHeadline {
  tone: Tone;
  title: string;
  detail: string;
  action: { kind: FixAction; label: string } | null;
  /** Epoch ms of the next automatic retry, shown as "in 5 s". */
  retryAt: number | null;
}

/**
 * The one-line answer to "is all well?", a pure function of the snapshot. Every state that needs a
 * person says what happened and offers the action that fixes it; the order is most serious first.
 */
export function describeStatus(snapshot: HostSnapshot, now: number): StatusHeadline {
  const { enrollment, supervisor, worker, paused, pause } = snapshot;
  const none = { action: null, retryAt: null };
  if (enrollment.state === 'revoked') {
    return {
      tone: 'error',
      title: 'Access revoked',
      detail:
        'An operator revoked this agent in Planasonix, so it takes no work and its credential was wiped. To bring it back, ask your admin to enable the agent again (Agents → this agent → Enable), which issues a new enrollment token, then enroll with that token.',
      action: { kind: 'enroll', label: 'Enroll again' },
      retryAt: null,
    };
  }
  if (enrollment.state === 'enrolling') {
    return {
      tone: 'busy',
      title: 'Enrolling',
      detail: 'Checking the network and redeeming the token.',
      ...none,
    };
  }
  if (enrollment.state === 'not_enrolled') {
    return {
      tone: 'idle',
      title: 'Not enrolled',
      detail:
        'This host is not connected to Planasonix yet. Paste the enrollment token (or link) your admin gave you.',
      action: { kind: 'enroll', label: 'Enroll this host' },
      retryAt: null,
    };
  }
  if (supervisor.state === 'halted') {
    return {
      tone: 'error',
      title: 'Agent stopped after repeated crashes',
      detail: `${supervisor.reason ?? supervisor.lastExit?.reason ?? 'The agent worker kept crashing'}. The logs say why; restart it once the cause is fixed.`,
      action: { kind: 'restartWorker', label: 'Restart the agent' },
      retryAt: null,
    };
  }
  if (supervisor.state === 'stopped') {
    return {
      tone: 'error',
      title: 'Agent not running',
      detail: supervisor.reason ?? supervisor.lastExit?.reason ?? 'The agent worker is stopped.',
      action: { kind: 'restartWorker', label: 'Start the agent' },
      retryAt: null,
    };
  }
  if (paused) {
    return {
      tone: 'warn',
      title:
        pause === null || (pause.reason === 'operator' && pause.until === null)
          ? 'Paused'
          : pausedLabel(pause, now),
      detail:
        pause?.reason === 'battery'
          ? 'This host takes no new jobs while it runs on battery; running jobs finish. It resumes on AC power.'
          : (pause?.until ?? null) !== null
            ? 'This host takes no new jobs; running jobs finish. It resumes by itself then, or when you resume it.'
            : 'This host takes no new jobs; running jobs finish. Resume to take work again.',
      action: { kind: 'resume', label: 'Resume' },
      retryAt: null,
    };
  }
  if (supervisor.state === 'backing_off') {
    return {
      tone: 'warn',
      title: 'Agent restarting',
      detail: `The agent worker exited (${supervisor.lastExit?.reason ?? 'unexpectedly'}) and restarts by itself.`,
      action: null,
      retryAt: supervisor.nextRestartAt,
    };
  }
  if (worker?.phase === 'connected') {
    return {
      tone: 'ok',
      title: 'Connected',
      detail: `Connected to ${worker.apiHost ?? enrollment.apiHost ?? 'the control plane'}.`,
      ...none,
    };
  }
  if (worker?.phase === 'reconnecting') {
    return {
      tone: 'warn',
      title: 'Reconnecting',
      detail: worker.reason ?? 'The connection to the control plane dropped; retrying by itself.',
      action: null,
      retryAt: worker.nextRetryAt,
    };
  }
  if (worker?.phase === 'error') {
    return {
      tone: 'error',
      title: 'Agent error',
      detail: worker.reason ?? worker.lastError?.message ?? 'The agent reported an error.',
      action: { kind: 'restartWorker', label: 'Restart the agent' },
      retryAt: null,
    };
  }
  return {
    tone: 'busy',
    title: 'Connecting',
    detail: 'Opening the session with the control plane.',
    ...none,
  };
}
