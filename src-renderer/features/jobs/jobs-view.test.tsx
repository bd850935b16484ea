import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../src-shared/host-api/snapshot.js';
import { snapshotOf, standardHost } from '../../test-support/fake-host.js';
import { renderWithHost } from '../../test-support/render-app.js';
import { JobsView } from './jobs-view.js';

const RUNNING = 'job_01jq8run00aaaaaaaaaaaaaaaa';
const DONE = 'job_01jq8don00aaaaaaaaaaaaaaaa';

function jobs(now: number): JobSummary[] {
  return [
    {
      id: RUNNING,
      state: 'running',
      name: 'nightly-etl',
      exitCode: null,
      startedAt: now - 65_000,
      finishedAt: null,
    },
    {
      id: DONE,
      state: 'failed',
      name: null,
      startedAt: now - 600_000,
      finishedAt: now - 540_000,
      exitCode: 3,
    },
  ];
}

describe('JobsView', () => {
  it('shows an honest empty state for an enrolled host with no jobs', async () => {
    renderWithHost(standardHost(), <JobsView />);
    expect(await screen.findByText(/No jobs yet/)).toBeTruthy();
  });

  it('says a host that is not enrolled runs no jobs', async () => {
    renderWithHost(
      standardHost(
        snapshotOf({ enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null } }),
      ),
      <JobsView />,
    );
    expect(await screen.findByText(/not enrolled, so it runs no jobs/)).toBeTruthy();
  });

  it('lists running and recent jobs with status, duration and exit code', async () => {
    const now = Date.now();
    renderWithHost(standardHost(snapshotOf({ jobs: jobs(now) })), <JobsView />);
    const table = await screen.findByRole('table', { name: 'Running and recent jobs, newest first' });
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toMatch(/nightly-etlrunning1 min ago1 min [56] s—/);
    expect(rows[1]?.textContent).toMatch(new RegExp(`${DONE}failed10 min ago1 min 0 s3`));
  });

  it('shows the live log of the selected job, following new lines', async () => {
    const now = Date.now();
    const host = standardHost(snapshotOf({ jobs: jobs(now) })).handle('logs', (params) => {
      expect(params).toMatchObject({ source: 'job', jobId: RUNNING });
      return {
        lines: [{ cursor: 'j1', time: now, level: 'info', msg: 'extracting 10 tables' }],
        olderCursor: null,
        newerCursor: 'j1',
      };
    });
    renderWithHost(host, <JobsView />);
    await userEvent.click(await screen.findByRole('button', { name: 'nightly-etl' }));
    expect(await screen.findByText('extracting 10 tables')).toBeTruthy();
    act(() =>
      host.push('logLines', {
        source: 'job',
        jobId: RUNNING,
        lines: [{ cursor: 'j2', time: now + 1, level: 'warn', msg: 'table orders is large' }],
      }),
    );
    expect(screen.getByText('table orders is large')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Follow' })).toHaveProperty('checked', true);
  });

  it('cancels a running job after a confirmation, then waits for it to stop', async () => {
    const now = Date.now();
    const host = standardHost(snapshotOf({ jobs: jobs(now) })).handle('cancelJob', () => ({}));
    renderWithHost(host, <JobsView />);
    await userEvent.click(await screen.findByRole('button', { name: 'nightly-etl' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel job…' }));
    expect(screen.getByRole('alertdialog').textContent).toMatch(/Cancel nightly-etl\?/);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the job' }));
    await waitFor(() => expect(host.calls('cancelJob')).toEqual([{ jobId: RUNNING }]));
    expect(await screen.findByText('Cancel requested; waiting for the job to stop.')).toBeTruthy();
    const [running, done] = jobs(now);
    act(() =>
      host.push(
        'snapshot',
        snapshotOf({ jobs: [{ ...running!, state: 'cancelled', finishedAt: now }, done!] }),
      ),
    );
    expect(screen.queryByText('Cancel requested; waiting for the job to stop.')).toBeNull();
    expect(screen.getAllByText('cancelled')).toHaveLength(1);
  });

  it('offers no cancel for a finished job, and says why a cancel failed', async () => {
    const now = Date.now();
    const host = standardHost(snapshotOf({ jobs: jobs(now) })).fail(
      'cancelJob',
      'not_found',
      'no running job job_01jq8run00',
    );
    renderWithHost(host, <JobsView />);
    await userEvent.click(await screen.findByRole('button', { name: DONE }));
    expect(screen.queryByRole('button', { name: 'Cancel job…' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'nightly-etl' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel job…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel the job' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not cancel: no running job job_01jq8run00',
    );
  });
});
