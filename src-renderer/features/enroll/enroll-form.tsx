import { useEffect, useState, type FormEvent } from 'react';
import { useApp } from '../../store/store-context.js';
import { Busy } from '../../ui/feedback.js';
import { TextField } from '../../ui/text-field.js';
import { explainEnrollFailure } from './explain-failure.js';
import {
  apiHostProblem,
  normalizeApiHost,
  parseEnrollmentInput,
  tokenProblem,
} from './parse-enrollment-input.js';
import { PreflightList } from './preflight-list.js';

/**
 * Token (or whole link) and API host, checked as typed; then the preflight runs with live progress
 * and only then is the token spent. The token lives in this form's state only, never in the store.
 */
export function EnrollForm({ initialApiHost }: { initialApiHost: string | null }) {
  const attempt = useApp((s) => s.attempt);
  const checks = useApp((s) => s.checks);
  const enroll = useApp((s) => s.enroll);
  const [token, setToken] = useState('');
  const [apiHost, setApiHost] = useState(initialApiHost ?? '');
  const [label, setLabel] = useState('');
  const [touched, setTouched] = useState({ token: false, apiHost: false });
  const [filledFromLink, setFilledFromLink] = useState(false);
  const [fromShellLink, setFromShellLink] = useState(false);
  const pendingLink = useApp((s) => s.pendingEnrollLink);
  const takeEnrollLink = useApp((s) => s.takeEnrollLink);

  // A planasonix:// link the shell opened prefills the form; the user still presses enroll.
  useEffect(() => {
    if (pendingLink === null) return;
    const link = takeEnrollLink();
    if (link === null) return;
    setToken(link.token);
    setApiHost(link.apiHost);
    setTouched({ token: true, apiHost: true });
    setFromShellLink(true);
  }, [pendingLink, takeEnrollLink]);

  const running = attempt.state === 'running';
  const tokenIssue = tokenProblem(token);
  const hostIssue = apiHostProblem(apiHost);
  const showToken = touched.token && tokenIssue !== null;
  const showHost = touched.apiHost && hostIssue !== null;

  const onTokenInput = (value: string) => {
    const parsed = parseEnrollmentInput(value);
    const fromLink = parsed.apiHost !== null;
    setToken(parsed.token !== null && (fromLink || parsed.token !== value.trim()) ? parsed.token : value);
    if (fromLink) {
      setApiHost(parsed.apiHost ?? '');
      setTouched({ token: true, apiHost: true });
    } else setTouched((t) => ({ ...t, token: true }));
    setFilledFromLink(fromLink);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ token: true, apiHost: true });
    if (tokenIssue !== null || hostIssue !== null || running) return;
    const trimmedLabel = label.trim();
    void enroll({
      apiHost: apiHost.trim(),
      token: token.trim(),
      ...(trimmedLabel !== '' ? { label: trimmedLabel } : {}),
    }).then((enrolled) => {
      // A spent token is of no more use; a refused one stays so the user can fix the other field.
      if (enrolled) setToken('');
    });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={running}>
      {fromShellLink ? (
        <div className="note note-warn" role="status">
          <p className="note-title">Opened from an enrollment link</p>
          <p>
            Check that the API host below is the Planasonix address your admin gave you: enrolling spends the
            one-time token and connects this host to it. Nothing happens until you press Check and enroll.
          </p>
        </div>
      ) : null}
      <TextField
        label="Enrollment token or link"
        type="password"
        mono
        value={token}
        disabled={running}
        onValue={onTokenInput}
        problem={showToken ? tokenIssue : null}
        help={
          filledFromLink
            ? 'Read from the link: token and API host filled in.'
            : 'Paste the token (plnx_enroll_…) or the whole enrollment link; the link fills both fields.'
        }
      />
      <TextField
        label="API host"
        type="url"
        inputMode="url"
        mono
        placeholder="https://api.planasonix.com"
        value={apiHost}
        disabled={running}
        onValue={(value) => {
          setApiHost(value);
          setTouched((t) => ({ ...t, apiHost: true }));
        }}
        onBlur={() => {
          if (apiHost.trim() !== '' && !apiHost.includes('://')) setApiHost(normalizeApiHost(apiHost.trim()));
        }}
        problem={showHost ? hostIssue : null}
        help="The Planasonix address your admin gave you."
      />
      <TextField
        label="Label (optional)"
        maxLength={200}
        value={label}
        disabled={running}
        onValue={setLabel}
        problem={null}
        help="How this host is named in Planasonix; the host name when empty."
      />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={running}>
          Check and enroll
        </button>
        {running ? <Busy label="Checking the network, then enrolling…" /> : null}
      </div>
      {attempt.state === 'failed' ? <FailureNote /> : null}
      {running || checks.length > 0 ? <PreflightList checks={checks} /> : null}
    </form>
  );
}

/** Brings the failure into view (a compact window would leave it below the fold) and to screen readers. */
function focusOnMount(element: HTMLDivElement | null): void {
  element?.focus();
}

function FailureNote() {
  const attempt = useApp((s) => s.attempt);
  const checks = useApp((s) => s.checks);
  if (attempt.state !== 'failed') return null;
  const why = explainEnrollFailure(attempt.error, checks);
  return (
    <div className="note note-error" role="alert" tabIndex={-1} ref={focusOnMount}>
      <p className="note-title">{why.title}</p>
      <p>{why.detail}</p>
      <p>
        <strong>Fix: </strong>
        {why.fix}
      </p>
      <p className="muted">{why.tokenKept ? 'The token was not spent: you can use it again.' : ''}</p>
    </div>
  );
}
