import { useState } from 'react';
import { useApp } from '../../store/store-context.js';
import { ConfirmButton } from '../../ui/confirm-button.js';
import { Busy, ErrorNote } from '../../ui/feedback.js';
import { EnrollForm } from './enroll-form.js';

export function EnrollView({ onDone }: { onDone: () => void }) {
  const enrollment = useApp((s) => s.snapshot?.enrollment ?? null);
  const attempt = useApp((s) => s.attempt);
  const unenroll = useApp((s) => s.unenroll);
  const unenrolling = useApp((s) => s.unenrolling);
  const unenrollError = useApp((s) => s.unenrollError);
  const resetAttempt = useApp((s) => s.resetAttempt);
  const linkWaiting = useApp((s) => s.pendingEnrollLink !== null);
  const [reenrolling, setReenrolling] = useState(false);

  const title = (
    <h1 id="enroll-title">
      {enrollment?.state === 'enrolled' && !reenrolling ? 'Enrollment' : 'Enroll this host'}
    </h1>
  );
  if (enrollment === null) {
    return (
      <section aria-labelledby="enroll-title" className="view">
        {title}
        <Busy label="Reading the host's state…" />
      </section>
    );
  }
  if (attempt.state === 'succeeded') {
    return (
      <section aria-labelledby="enroll-title" className="view">
        {title}
        <div className="note note-ok" role="status">
          <p className="note-title">Enrolled</p>
          <p>
            This host is now agent <span className="mono">{attempt.agentId}</span>.
          </p>
        </div>
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            resetAttempt();
            setReenrolling(false);
            onDone();
          }}
        >
          Show status
        </button>
      </section>
    );
  }
  if (enrollment.state === 'enrolled' && !reenrolling) {
    return (
      <section aria-labelledby="enroll-title" className="view">
        {title}
        <p>
          Enrolled as <span className="mono">{enrollment.agentId}</span>
          {enrollment.label ? ` (${enrollment.label})` : ''} with{' '}
          <span className="mono">{enrollment.apiHost ?? 'an unknown host'}</span>.
        </p>
        <div className="button-row">
          <ConfirmButton
            label="Re-enroll…"
            question="Re-enrolling unenrolls this host first: its credential is wiped and running jobs stop. You will then need a new enrollment token."
            confirmLabel="Unenroll and re-enroll"
            onConfirm={() => void unenroll().then((ok) => setReenrolling(ok))}
            disabled={unenrolling}
          />
          <ConfirmButton
            label="Unenroll…"
            question="Unenroll this host? Its credential is wiped, running jobs stop and it takes no more work until enrolled again with a new token."
            confirmLabel="Unenroll"
            danger
            onConfirm={() => void unenroll()}
            disabled={unenrolling}
          />
          {unenrolling ? <Busy label="Unenrolling…" /> : null}
        </div>
        {unenrollError ? <ErrorNote error={unenrollError} prefix="Could not unenroll" /> : null}
        {linkWaiting ? (
          <p className="note note-warn" role="status">
            An enrollment link was opened, but this host is already enrolled. To use the link, choose
            Re-enroll: the form opens filled from it.
          </p>
        ) : null}
      </section>
    );
  }
  return (
    <section aria-labelledby="enroll-title" className="view">
      {title}
      {enrollment.state === 'revoked' ? (
        <div className="note note-error" role="status">
          <p className="note-title">Access revoked</p>
          <p>
            An operator revoked this agent. Ask your admin to enable it again in Planasonix (Agents → this
            agent → Enable); that gives a new enrollment token to paste below.
          </p>
        </div>
      ) : null}
      <EnrollForm initialApiHost={enrollment.apiHost} />
    </section>
  );
}
