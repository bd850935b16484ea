import type { PreflightCheck } from '../../../src-shared/host-api/preflight.js';

const NAMES: Record<PreflightCheck['name'], string> = {
  proxy: 'Proxy',
  dns: 'Name resolution',
  tls: 'Secure connection (TLS)',
  reachability: 'Control plane answers',
  clock: 'Clock in sync',
};

const STATUS_WORDS: Record<PreflightCheck['status'], string> = {
  pending: 'waiting',
  running: 'checking…',
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
};

const ICONS: Record<PreflightCheck['status'], string> = {
  pending: '○',
  running: '◌',
  passed: '✓',
  failed: '✗',
  skipped: '–',
};

/** The checks run before the token is spent, with live progress read out politely. */
export function PreflightList({ checks }: { checks: PreflightCheck[] }) {
  const rows: PreflightCheck[] =
    checks.length > 0
      ? checks
      : (['proxy', 'dns', 'tls', 'reachability', 'clock'] as const).map((name) => ({
          name,
          status: 'pending',
          detail: null,
        }));
  return (
    <ol className="checklist" aria-label="Checks before the token is spent" aria-live="polite">
      {rows.map((check) => (
        <li key={check.name} className={`check check-${check.status}`}>
          <span className="check-icon" aria-hidden="true">
            {ICONS[check.status]}
          </span>
          <span className="check-name">{NAMES[check.name]}</span>
          <span className="check-status">{STATUS_WORDS[check.status]}</span>
          {check.detail ? <span className="check-detail">{check.detail}</span> : null}
        </li>
      ))}
    </ol>
  );
}
