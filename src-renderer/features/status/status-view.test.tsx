import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SNAPSHOT_AGENT_ID } from '../../../tests/helpers/host-snapshot.js';
import { FakeHost, snapshotOf, standardHost } from '../../test-support/fake-host.js';
import { renderWithHost } from '../../test-support/render-app.js';
import { pausedLabel } from '../../../src-shared/host-api/pause.js';
import { StatusView } from './status-view.js';

describe('StatusView', () => {
  it('says it is reading the state, with a labelled spinner, until the snapshot arrives', () => {
    const host = new FakeHost().handle('snapshot', () => new Promise(() => undefined));
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect(screen.getByRole('status')).toHaveProperty('textContent', "Reading the host's state…");
  });

  it('shows a connected host: headline, agent facts, relative heartbeat with the exact time on hover, plots', async () => {
    const host = standardHost();
    const now = Date.now();
    host.handle('metricHistory', () => ({
      samples: [
        {
          at: now - 60_000,
          cpu_percent: 20,
          memory_percent: 50,
          disk_free_gb: 400,
          active_jobs: 0,
          queue_depth: 0,
        },
        {
          at: now - 30_000,
          cpu_percent: 40,
          memory_percent: 55,
          disk_free_gb: 400,
          active_jobs: 0,
          queue_depth: 0,
        },
      ],
    }));
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect(await screen.findByText('Connected')).toBeTruthy();
    expect(screen.getByText(SNAPSHOT_AGENT_ID)).toBeTruthy();
    expect(screen.getByText('0 of 2 slots busy')).toBeTruthy();
    expect(screen.getByText('412.5 GB')).toBeTruthy();
    const heartbeat = screen.getByText('12 s ago');
    expect(heartbeat.getAttribute('title')).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    await waitFor(() => expect(screen.getByRole('img', { name: /CPU: 40 % now/ })).toBeTruthy());
    expect(screen.getByRole('img', { name: /Memory: 55 % now/ })).toBeTruthy();
  });

  it('adds pushed metric samples to the plot', async () => {
    const host = standardHost();
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    await screen.findByText('Connected');
    expect(screen.getByRole('img', { name: /CPU: no samples/ })).toBeTruthy();
    host.push('metricSample', {
      at: Date.now(),
      cpu_percent: 77,
      memory_percent: 10,
      disk_free_gb: 1,
      active_jobs: 0,
      queue_depth: 0,
    });
    await waitFor(() => expect(screen.getByRole('img', { name: /CPU: 77 % now/ })).toBeTruthy());
  });

  it('offers enrollment when not enrolled', async () => {
    const onEnroll = vi.fn();
    const host = standardHost(
      snapshotOf({
        enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null },
        worker: null,
      }),
    );
    renderWithHost(host, <StatusView onEnroll={onEnroll} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Enroll this host' }));
    expect(onEnroll).toHaveBeenCalled();
  });

  it('explains a revoked agent and how to re-enroll', async () => {
    const host = standardHost(
      snapshotOf({
        enrollment: { state: 'revoked', agentId: 'agt_x', label: null, apiHost: 'https://api.example.com' },
      }),
    );
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect(await screen.findByText('Access revoked')).toBeTruthy();
    expect(screen.getByText(/ask your admin to enable the agent again/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Enroll again' })).toBeTruthy();
  });

  it('restarts a halted worker with one click', async () => {
    const host = standardHost(
      snapshotOf({
        supervisor: {
          state: 'halted',
          restarts: 5,
          nextRestartAt: null,
          lastExit: null,
          reason: 'crashed 5 times in 10 minutes',
          needsEnrollment: false,
        },
        worker: null,
      }),
    ).handle('restartWorker', () => ({}));
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect(await screen.findByText('Agent stopped after repeated crashes')).toBeTruthy();
    expect(screen.getByText(/crashed 5 times in 10 minutes/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Restart the agent' }));
    await waitFor(() => expect(host.calls('restartWorker')).toHaveLength(1));
  });

  it('resumes a paused host, and pauses a running one', async () => {
    const host = standardHost(snapshotOf({ paused: true })).handle('resume', () => ({}));
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect(await screen.findByText('Paused')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(host.calls('resume')).toHaveLength(1));
    host.handle('pause', () => ({}));
    host.push('snapshot', snapshotOf({ paused: false }));
    await userEvent.click(await screen.findByRole('button', { name: 'Pause until I resume' }));
    await waitFor(() => expect(host.calls('pause')).toEqual([{ for: 'indefinitely' }]));
  });

  it('pauses for an hour or until tomorrow, and says until when a timed pause lasts', async () => {
    const host = standardHost(snapshotOf()).handle('pause', () => ({}));
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Pause for 1 hour' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Pause until tomorrow' }));
    await waitFor(() => expect(host.calls('pause')).toEqual([{ for: '1h' }, { for: 'tomorrow' }]));
    const until = Date.now() + 60 * 60_000;
    host.push('snapshot', snapshotOf({ paused: true, pause: { reason: 'operator', until } }));
    expect(await screen.findByText(pausedLabel({ reason: 'operator', until }, Date.now()))).toBeTruthy();
    expect(screen.getByText(/It resumes by itself then/)).toBeTruthy();
  });

  it('offers no pause when IT policy forbids pausing', async () => {
    const policy = { values: { AllowPause: false }, sources: {}, warnings: [] };
    renderWithHost(standardHost(snapshotOf({ policy })), <StatusView onEnroll={() => undefined} />);
    expect(await screen.findByText('Connected')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Pause/ })).toBeNull();
  });

  it('shows a reconnecting agent with its reason and the next retry', async () => {
    const base = snapshotOf();
    const host = standardHost(
      snapshotOf({
        worker: {
          ...base.worker!,
          phase: 'reconnecting',
          reason: 'connection refused by api.example.com',
          nextRetryAt: Date.now() + 8_000,
        },
      }),
    );
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect(await screen.findByText('Reconnecting')).toBeTruthy();
    expect(screen.getAllByText(/connection refused by api.example.com/).length).toBeGreaterThan(0);
    expect(screen.getByText(/Next try in [78] s/)).toBeTruthy();
  });

  it('says plainly when an action fails', async () => {
    const host = standardHost(snapshotOf({ paused: true })).fail(
      'resume',
      'worker_unavailable',
      'the worker is not running',
    );
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Resume' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That did not work: the worker is not running',
    );
  });

  it('reports a snapshot it could not read', async () => {
    const host = new FakeHost().fail(
      'snapshot',
      'internal',
      'snapshot failed unexpectedly; see the host log',
    );
    renderWithHost(host, <StatusView onEnroll={() => undefined} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Could not read the host's state: snapshot failed/,
    );
  });
});
