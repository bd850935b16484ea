import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from './app.js';
import { snapshotOf, standardHost } from './test-support/fake-host.js';
import { renderWithHost } from './test-support/render-app.js';

describe('App', () => {
  it('moves between views by keyboard, marking the current one', async () => {
    renderWithHost(standardHost(), <App />);
    expect(await screen.findByRole('heading', { name: 'Status' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Status');
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('Logs');
    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: 'Logs' })).toBeTruthy();
    expect(nav.querySelector('[aria-current="page"]')?.textContent).toBe('Logs');
  });

  it('says when the link to the host is lost, and fetches the state again once it is back', async () => {
    const host = standardHost();
    renderWithHost(host, <App />);
    await screen.findByText('Connected');
    act(() =>
      host.setLink({
        state: 'reconnecting',
        attempt: 2,
        nextRetryAt: Date.now() + 4_000,
        reason: 'the connection to the host closed',
      }),
    );
    expect(
      screen.getByText(
        /Lost the host app: the connection to the host closed\. Trying again in [34] s \(attempt 2\)/,
      ),
    ).toBeTruthy();
    const before = host.calls('snapshot').length;
    host.handle('snapshot', () => snapshotOf({ paused: true }));
    act(() => host.setLink({ state: 'open' }));
    await waitFor(() => expect(host.calls('snapshot').length).toBe(before + 1));
    expect(await screen.findByText('Paused')).toBeTruthy();
    expect(screen.queryByText(/Lost the host app/)).toBeNull();
  });

  it('shows the failure of a page opened without its token', async () => {
    const host = standardHost();
    host.setLink({ state: 'failed', reason: 'This page was opened without its access token.' });
    renderWithHost(host, <App />);
    expect((await screen.findAllByRole('alert'))[0]?.textContent).toBe(
      'This page was opened without its access token.',
    );
  });

  it('opens the view the shell asks for (tray menu)', async () => {
    const host = standardHost();
    renderWithHost(host, <App />);
    await screen.findByText('Connected');
    act(() => host.push('openView', { view: 'logs', enrollLink: null }));
    expect(screen.getByRole('heading', { name: 'Logs' })).toBeTruthy();
  });

  it('goes from the status headline to the enroll view', async () => {
    renderWithHost(
      standardHost(
        snapshotOf({
          enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null },
          worker: null,
        }),
      ),
      <App />,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Enroll this host' }));
    expect(screen.getByRole('heading', { name: 'Enroll this host' })).toBeTruthy();
  });
});
