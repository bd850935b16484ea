import type { JobSummary } from '../../../src-shared/host-api/snapshot.js';
import { useApp } from '../../store/store-context.js';
import { ConfirmButton } from '../../ui/confirm-button.js';
import { Busy, ErrorNote } from '../../ui/feedback.js';
import { formatDuration } from '../../ui/format.js';
import { RelativeTime } from '../../ui/relative-time.js';
import { useNow } from '../../ui/use-now.js';
import { LogViewer } from '../logs/log-viewer.js';
import { slotsBusy } from './slots-busy.js';

function exitCodeOf(job: JobSummary): string {
  return job.exitCode === null ? '—' : String(job.exitCode);
}

export function JobsView() {
  const snapshot = useApp((s) => s.snapshot);
  const selectedJobId = useApp((s) => s.selectedJobId);
  const selectJob = useApp((s) => s.selectJob);
  const now = useNow();
  if (snapshot === null) {
    return (
      <section aria-labelledby="jobs-title" className="view">
        <h1 id="jobs-title">Jobs</h1>
        <Busy label="Reading the host's state…" />
      </section>
    );
  }
  const jobs = snapshot.jobs;
  const selected = jobs.find((j) => j.id === selectedJobId) ?? null;
  const slots = slotsBusy(snapshot);
  return (
    <section aria-labelledby="jobs-title" className="view view-fill">
      <div className="view-head">
        <h1 id="jobs-title">Jobs</h1>
        {slots ? <p className="muted">{slots}</p> : null}
      </div>
      {jobs.length === 0 ? (
        <p className="empty">
          {snapshot.enrollment.state === 'enrolled'
            ? 'No jobs yet. Jobs this host runs appear here, running ones first, with their live log.'
            : 'This host is not enrolled, so it runs no jobs. Enroll it to receive work.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Running and recent jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Status</th>
                <th scope="col" className="col-started">
                  Started
                </th>
                <th scope="col">Duration</th>
                <th scope="col">Exit</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} className={job.id === selectedJobId ? 'selected' : undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={job.id === selectedJobId}
                      onClick={() => selectJob(job.id === selectedJobId ? null : job.id)}
                    >
                      {job.name ?? job.id}
                    </button>
                  </th>
                  <td>
                    <span className={`badge state-${job.state}`}>{job.state}</span>
                  </td>
                  <td className="col-started">
                    {job.startedAt !== null ? <RelativeTime at={job.startedAt} /> : '—'}
                  </td>
                  <td className="num">
                    {job.startedAt !== null ? formatDuration((job.finishedAt ?? now) - job.startedAt) : '—'}
                  </td>
                  <td className="num">{exitCodeOf(job)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected !== null ? <SelectedJob job={selected} /> : null}
    </section>
  );
}

function SelectedJob({ job }: { job: JobSummary }) {
  const cancelJob = useApp((s) => s.cancelJob);
  const cancelling = useApp((s) => s.cancelling);
  const cancelError = useApp((s) => s.cancelError);
  const requested = useApp((s) => s.cancelRequested.includes(job.id));
  const live = job.state === 'running' || job.state === 'queued';
  return (
    <div className="job-detail">
      <div className="view-head job-detail-head">
        <h2>{job.name ?? job.id}</h2>
        {live && !requested ? (
          <ConfirmButton
            label="Cancel job…"
            question={`Cancel ${job.name ?? job.id}? Its process tree is stopped and it is reported as cancelled.`}
            confirmLabel="Cancel the job"
            danger
            disabled={cancelling !== null}
            onConfirm={() => void cancelJob(job.id)}
          />
        ) : null}
        {cancelling === job.id ? <Busy label="Asking the agent to cancel…" /> : null}
        {requested && live ? <p role="status">Cancel requested; waiting for the job to stop.</p> : null}
      </div>
      {cancelError ? <ErrorNote error={cancelError} prefix="Could not cancel" /> : null}
      <LogViewer key={job.id} feedKey={`job:${job.id}`} label="Job log" />
    </div>
  );
}
