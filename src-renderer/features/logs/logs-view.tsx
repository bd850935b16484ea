import { useState } from 'react';
import { LogViewer } from './log-viewer.js';

const SOURCES = [
  { key: 'agent', label: 'Agent log' },
  { key: 'host', label: 'Host log' },
] as const;

export function LogsView() {
  const [source, setSource] = useState<'agent' | 'host'>('agent');
  const current = SOURCES.find((s) => s.key === source) ?? SOURCES[0];
  return (
    <section aria-labelledby="logs-title" className="view view-fill">
      <div className="view-head">
        <h1 id="logs-title">Logs</h1>
        <div className="segmented" role="group" aria-label="Which log">
          {SOURCES.map((s) => (
            <button
              key={s.key}
              type="button"
              className="segment"
              aria-pressed={source === s.key}
              onClick={() => setSource(s.key)}
            >
              {s.label}
            </button>
          ))}
        </div>
      </div>
      <LogViewer key={source} feedKey={source} label={current.label} />
    </section>
  );
}
