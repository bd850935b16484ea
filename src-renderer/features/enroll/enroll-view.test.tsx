import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { snapshotOf, standardHost } from '../../test-support/fake-host.js';
import { renderWithHost } from '../../test-support/render-app.js';
import { EnrollView } from './enroll-view.js';

const TOKEN = 'plnx_enroll_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';
const notEnrolled = () =>
  snapshotOf({
    enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null },
    worker: null,
  });

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('EnrollView', () => {
  it('fills both fields from a pasted planasonix:// link', async () => {
    renderWithHost(standardHost(notEnrolled()), <EnrollView onDone={() => undefined} />);
    const tokenField = await screen.findByLabelText('Enrollment token or link');
    await userEvent.click(tokenField);
    await userEvent.paste(`planasonix://enroll?host=https%3A%2F%2Fcp.example.com&token=${TOKEN}`);
    expect((tokenField as HTMLInputElement).value).toBe(TOKEN);
    expect(screen.getByLabelText<HTMLInputElement>('API host').value).toBe('https://cp.example.com');
    expect(screen.getByText('Read from the link: token and API host filled in.')).toBeTruthy();
  });

  it('checks the format as you type and refuses to submit a bad token', async () => {
    const host = standardHost(notEnrolled());
    renderWithHost(host, <EnrollView onDone={() => undefined} />);
    const tokenField = await screen.findByLabelText('Enrollment token or link');
    await userEvent.type(tokenField, 'plnx_key_123');
    expect(screen.getByText('This is not an enrollment token: those start with plnx_enroll_.')).toBeTruthy();
    expect(tokenField.getAttribute('aria-invalid')).toBe('true');
    await userEvent.type(screen.getByLabelText('API host'), 'https://x.example/path');
    expect(screen.getByText(/without a path/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Check and enroll' }));
    expect(host.calls('enroll')).toHaveLength(0);
  });

  it('shows the preflight live, then the enrolled agent', async () => {
    const answer = deferred<{ agentId: string }>();
    const host = standardHost(notEnrolled()).handle('enroll', () => answer.promise);
    const onDone = vi.fn();
    renderWithHost(host, <EnrollView onDone={onDone} />);
    await userEvent.type(await screen.findByLabelText('Enrollment token or link'), TOKEN);
    await userEvent.type(screen.getByLabelText('API host'), 'https://cp.example.com');
    await userEvent.type(screen.getByLabelText('Label (optional)'), 'etl-7');
    await userEvent.click(screen.getByRole('button', { name: 'Check and enroll' }));
    expect(screen.getByRole('status').textContent).toBe('Checking the network, then enrolling…');
    expect(host.calls('enroll')).toEqual([
      { apiHost: 'https://cp.example.com', token: TOKEN, label: 'etl-7' },
    ]);
    act(() =>
      host.push('enrollProgress', {
        checks: [
          { name: 'proxy', status: 'skipped', detail: 'no proxy configured: connecting directly' },
          { name: 'dns', status: 'passed', detail: 'cp.example.com resolves to 10.0.0.1' },
          { name: 'tls', status: 'running', detail: null },
          { name: 'reachability', status: 'pending', detail: null },
          { name: 'clock', status: 'pending', detail: null },
        ],
      }),
    );
    const list = screen.getByRole('list', { name: 'Checks before the token is spent' });
    expect(list.textContent).toMatch(/Name resolutionpassed/);
    expect(list.textContent).toMatch(/Secure connection \(TLS\)checking…/);
    await act(async () => {
      answer.resolve({ agentId: 'agt_01jq8new01aaaaaaaaaaaaaaaa' });
      await answer.promise;
    });
    expect(await screen.findByText('agt_01jq8new01aaaaaaaaaaaaaaaa')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show status' }));
    expect(onDone).toHaveBeenCalled();
  });

  it('explains a refused token in plain words with the fix', async () => {
    const host = standardHost(notEnrolled()).fail(
      'enroll',
      'worker_error',
      'the enrollment token has expired: ask an operator for a new one',
    );
    renderWithHost(host, <EnrollView onDone={() => undefined} />);
    await userEvent.type(await screen.findByLabelText('Enrollment token or link'), TOKEN);
    await userEvent.type(screen.getByLabelText('API host'), 'https://cp.example.com');
    await userEvent.click(screen.getByRole('button', { name: 'Check and enroll' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/The enrollment token has expired/);
    expect(alert.textContent).toMatch(/Fix: Ask your Planasonix admin for a new enrollment token/);
    expect(document.activeElement).toBe(alert);
    expect(screen.getByLabelText<HTMLInputElement>('Enrollment token or link').value).toBe(TOKEN);
  });

  it('explains a revoked agent above the form', async () => {
    renderWithHost(
      standardHost(
        snapshotOf({
          enrollment: { state: 'revoked', agentId: 'agt_x', label: null, apiHost: 'https://cp.example.com' },
        }),
      ),
      <EnrollView onDone={() => undefined} />,
    );
    expect(await screen.findByText('Access revoked')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('API host').value).toBe('https://cp.example.com');
  });

  it('unenrolls only after a confirmation, which can be backed out of', async () => {
    const host = standardHost().handle('unenroll', () => ({}));
    renderWithHost(host, <EnrollView onDone={() => undefined} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Unenroll…' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toMatch(/credential is wiped/);
    expect(document.activeElement?.textContent).toBe('Keep as is');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(host.calls('unenroll')).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Unenroll…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Unenroll' }));
    await waitFor(() => expect(host.calls('unenroll')).toHaveLength(1));
  });

  it('re-enrolls: unenrolls after confirming, then shows the form', async () => {
    const host = standardHost().handle('unenroll', () => ({}));
    renderWithHost(host, <EnrollView onDone={() => undefined} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Re-enroll…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Unenroll and re-enroll' }));
    expect(await screen.findByLabelText('Enrollment token or link')).toBeTruthy();
    expect(host.calls('unenroll')).toHaveLength(1);
  });

  it('says why an unenroll failed', async () => {
    const host = standardHost().fail('unenroll', 'worker_unavailable', 'the worker is backing off');
    renderWithHost(host, <EnrollView onDone={() => undefined} />);
    await userEvent.click(await screen.findByRole('button', { name: 'Unenroll…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Unenroll' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not unenroll: the worker is backing off',
    );
  });
});

describe('EnrollView opened from a planasonix:// link by the shell', () => {
  it('prefills the form and waits for the user to press enroll', async () => {
    const host = standardHost(notEnrolled());
    const { store } = renderWithHost(host, <EnrollView onDone={() => undefined} />);
    await screen.findByLabelText('Enrollment token or link');
    act(() =>
      host.push('openView', {
        view: 'enroll',
        enrollLink: { apiHost: 'https://cp.example.com', token: TOKEN },
      }),
    );
    expect(screen.getByLabelText<HTMLInputElement>('Enrollment token or link').value).toBe(TOKEN);
    expect(screen.getByLabelText<HTMLInputElement>('API host').value).toBe('https://cp.example.com');
    expect(screen.getByText('Opened from an enrollment link')).toBeTruthy();
    expect(store.getState().pendingEnrollLink).toBeNull();
    expect(host.calls('enroll')).toHaveLength(0);
  });

  it('on an enrolled host, points to re-enroll, whose form then takes the link', async () => {
    const host = standardHost().handle('unenroll', () => ({}));
    renderWithHost(host, <EnrollView onDone={() => undefined} />);
    await screen.findByRole('button', { name: 'Re-enroll…' });
    act(() =>
      host.push('openView', {
        view: 'enroll',
        enrollLink: { apiHost: 'https://cp.example.com', token: TOKEN },
      }),
    );
    expect(screen.getByText(/this host is already enrolled/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Re-enroll…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Unenroll and re-enroll' }));
    expect((await screen.findByLabelText<HTMLInputElement>('Enrollment token or link')).value).toBe(TOKEN);
  });
});
