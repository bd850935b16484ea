import { EnrollView } from './features/enroll/enroll-view.js';
import { JobsView } from './features/jobs/jobs-view.js';
import { LogsView } from './features/logs/logs-view.js';
import { SettingsView } from './features/settings/settings-view.js';
import { StatusView } from './features/status/status-view.js';
import { LinkBanner } from './link-banner.js';
import type { ViewName } from './store/navigation-slice.js';
import { useApp } from './store/store-context.js';

const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'status', label: 'Status' },
  { name: 'enroll', label: 'Enroll' },
  { name: 'jobs', label: 'Jobs' },
  { name: 'logs', label: 'Logs' },
  { name: 'settings', label: 'Settings' },
];

export function App() {
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.openView);
  return (
    <div className="app">
      <header className="app-header">
        <p className="brand">Planasonix Agent</p>
        <nav aria-label="Views">
          <ul className="nav">
            {VIEWS.map((v) => (
              <li key={v.name}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={view === v.name ? 'page' : undefined}
                  onClick={() => setView(v.name)}
                >
                  {v.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <LinkBanner />
      <main className="app-main">
        {view === 'status' ? <StatusView onEnroll={() => setView('enroll')} /> : null}
        {view === 'enroll' ? <EnrollView onDone={() => setView('status')} /> : null}
        {view === 'jobs' ? <JobsView /> : null}
        {view === 'logs' ? <LogsView /> : null}
        {view === 'settings' ? <SettingsView /> : null}
      </main>
    </div>
  );
}
