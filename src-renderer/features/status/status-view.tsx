import type { ReactNode } from 'react';
import type { PauseLength } from '../../../src-shared/host-api/pause.js';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';
import { METRIC_WINDOW_MS } from '../../store/metrics-slice.js';
import { useApp } from '../../store/store-context.js';
import { Busy, ErrorNote } from '../../ui/feedback.js';
import { formatRelative } from '../../ui/format.js';
import { RelativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { describeStatus } from './describe-status.js';
import { slotsBusy } from '../jobs/slots-busy.js';
import { MetricPlot } from './metric-plot.js';

export function StatusView({ onEnroll }: { onEnroll: () => void }) {
  const snapshot = useApp((s) => s.snapshot);
  const snapshotError = useApp((s) => s.snapshotError);
  if (snapshot === null) {
    return (
      <section aria-labelledby="status-title" className="view">
        <h1 id="status-title">Status</h1>
        {snapshotError ? (
          <ErrorNote error={snapshotError} prefix="Could not read the host's state" />
        ) : (
          <Busy label="Reading the host's state…" />
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby="status-title" className="view">
      <h1 id="status-title">Status</h1>
      <Headline snapshot={snapshot} onEnroll={onEnroll} />
      <Plots />
      <Details snapshot={snapshot} />
    </section>
  );
}

function Headline({ snapshot, onEnroll }: { snapshot: HostSnapshot; onEnroll: () => void }) {
  const now = useNow();
  const runAction = useApp((s) => s.runAction);
  const actionRunning = useApp((s) => s.actionRunning);
  const actionError = useApp((s) => s.actionError);
  const headline = describeStatus(snapshot, now);
  // IT policy may forbid pausing: then no pause is offered (the host would refuse it anyway).
  const canPause =
    snapshot.enrollment.state === 'enrolled' &&
    !snapshot.paused &&
    headline.action === null &&
    snapshot.policy.values.AllowPause !== false;
  return (
    <div className={`headline tone-${headline.tone}`}>
      <p className="headline-title">
        <span className="dot" aria-hidden="true" />
        {headline.title}
      </p>
      <p className="headline-detail">
        {headline.detail}
        {headline.retryAt !== null ? ` Next try ${formatRelative(headline.retryAt, now)}.` : ''}
      </p>
      <div className="button-row">
        {headline.action !== null ? (
          <button
            type="button"
            className="button button-primary"
            disabled={actionRunning !== null}
            onClick={() => {
              const action = headline.action;
              if (action?.kind === 'enroll') onEnroll();
              else if (action !== null) void runAction(action.kind);
            }}
          >
            {headline.action.label}
          </button>
        ) : null}
        {canPause
          ? PAUSE_CHOICES.map(([label, length]) => (
              <button
                key={length}
                type="button"
                className="button"
                disabled={actionRunning !== null}
                onClick={() => void runAction('pause', length)}
              >
                {label}
              </button>
            ))
          : null}
        {actionRunning !== null ? <Busy label="Asking the host…" /> : null}
      </div>
      {actionError ? <ErrorNote error={actionError} prefix="That did not work" /> : null}
    </div>
  );
}

/** The pause lengths offered; each takes no new jobs while running ones finish. */
const PAUSE_CHOICES: readonly (readonly [string, PauseLength])[] = [
  ['Pause for 1 hour', '1h'],
  ['Pause until tomorrow', 'tomorrow'],
  ['Pause until I resume', 'indefinitely'],
];

function Plots() {
  const samples = useApp((s) => s.samples);
  const now = useNow();
  return (
    <div className="plots">
      <MetricPlot
        label="CPU"
        points={samples.map((s) => ({ at: s.at, value: s.cpu_percent }))}
        now={now}
        windowMs={METRIC_WINDOW_MS}
      />
      <MetricPlot
        label="Memory"
        points={samples.map((s) => ({ at: s.at, value: s.memory_percent }))}
        now={now}
        windowMs={METRIC_WINDOW_MS}
      />
    </div>
  );
}

function Details({ snapshot }: { snapshot: HostSnapshot }) {
  const { enrollment, worker, health } = snapshot;
  const connection =
    worker === null ? `agent ${snapshot.supervisor.state.replace('_', ' ')}` : worker.phase.replace('_', ' ');
  const rows: [string, ReactNode][] = [
    ['Enrollment', enrollment.state.replace('_', ' ')],
    ['Agent', enrollment.agentId ?? '—'],
    ['Label', enrollment.label ?? '—'],
    ['Control plane', enrollment.apiHost ?? '—'],
    ['Version', snapshot.appVersion],
    [
      'Connection',
      <>
        {connection}
        {worker?.reason ? ` (${worker.reason})` : ''}
        {worker?.nextRetryAt ? (
          <>
            {' '}
            · retry <RelativeTime at={worker.nextRetryAt} />
          </>
        ) : null}
      </>,
    ],
    ['Last heartbeat', worker?.lastHeartbeatAt ? <RelativeTime at={worker.lastHeartbeatAt} /> : 'none yet'],
    [
      'Disk free',
      health?.disk_free_gb !== null && health?.disk_free_gb !== undefined
        ? `${health.disk_free_gb.toFixed(1)} GB`
        : 'unknown',
    ],
    ['Jobs', slotsBusy(snapshot) ?? '—'],
    ['Queue depth', health ? String(health.queue_depth) : '—'],
    [
      'Last error',
      worker?.lastError ? (
        <>
          {worker.lastError.message} · <RelativeTime at={worker.lastError.at} />
        </>
      ) : (
        'none'
      ),
    ],
  ];
  return (
    <>
      {snapshot.secrets.warning ? <p className="note note-warn">{snapshot.secrets.warning}</p> : null}
      <dl className="details">
        {rows.map(([term, value]) => (
          <div key={term} className="details-row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
