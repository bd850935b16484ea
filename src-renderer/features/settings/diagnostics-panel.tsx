import { useId } from 'react';
import { useApp } from '../../store/store-context.js';
import { Busy, ErrorNote } from '../../ui/feedback.js';
import { formatBytes } from '../../ui/format.js';

function saveZip(fileName: string, zipBase64: string): void {
  const bytes = Uint8Array.from(atob(zipBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The diagnostics bundle: first what would leave the machine (already redacted), then the file. */
export function DiagnosticsPanel() {
  const preview = useApp((s) => s.diagnostics);
  const loading = useApp((s) => s.diagnosticsLoading);
  const error = useApp((s) => s.diagnosticsError);
  const previewDiagnostics = useApp((s) => s.previewDiagnostics);
  const exportDiagnostics = useApp((s) => s.exportDiagnostics);
  const titleId = useId();
  const redactions = preview?.entries.reduce((n, e) => n + e.redactions, 0) ?? 0;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>Diagnostics</h2>
      <p className="muted">
        A zip of logs, settings, versions, preflight results and recent health for your admin. Tokens and keys
        are replaced by a marker before anything is shown or saved.
      </p>
      <div className="button-row">
        <button type="button" className="button" disabled={loading} onClick={() => void previewDiagnostics()}>
          {preview === null ? 'Preview what leaves this machine' : 'Refresh the preview'}
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={preview === null}
          onClick={() =>
            void exportDiagnostics().then((bundle) => {
              if (bundle !== null) saveZip(bundle.fileName, bundle.zipBase64);
            })
          }
        >
          Save diagnostics bundle
        </button>
        {loading ? <Busy label="Building the preview…" /> : null}
      </div>
      {error ? <ErrorNote error={error} prefix="Diagnostics failed" /> : null}
      {preview !== null ? (
        <>
          <p>
            {preview.entries.length} files, {formatBytes(preview.totalBytes)} in all; {redactions} secret
            {redactions === 1 ? '' : 's'} redacted.
          </p>
          <ul className="diag-list">
            {preview.entries.map((entry) => (
              <li key={entry.name}>
                <details>
                  <summary>
                    <span className="mono">{entry.name}</span> · {formatBytes(entry.bytes)}
                    {entry.redactions > 0 ? ` · ${entry.redactions} redacted` : ''}
                  </summary>
                  <pre className="diag-preview">{entry.preview}</pre>
                </details>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
