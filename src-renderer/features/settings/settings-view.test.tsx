import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_HOST_SETTINGS,
  applySettingsPatch,
  type HostSettingsPatch,
} from '../../../src-shared/host-api/settings.js';
import { snapshotOf, standardHost } from '../../test-support/fake-host.js';
import { renderWithHost } from '../../test-support/render-app.js';
import { SettingsView } from './settings-view.js';

function settingsHost(snapshot = snapshotOf()) {
  let settings = DEFAULT_HOST_SETTINGS;
  return standardHost(snapshot)
    .handle('getSettings', () => settings)
    .handle(
      'updateSettings',
      (patch) => (settings = applySettingsPatch(settings, patch as HostSettingsPatch)),
    );
}

describe('SettingsView', () => {
  it('shows "Managed by …" with the help link, and locks what IT policy sets', async () => {
    const policy = {
      values: {
        ApiHost: 'https://cp.acme.example',
        OrganizationName: 'Acme IT',
        SupportUrl: 'https://help.acme.example/agent',
        ProxyUrl: 'http://proxy.acme.example:3128',
        StartAtLogin: true,
      },
      sources: {},
      warnings: [],
    };
    renderWithHost(settingsHost(snapshotOf({ policy })), <SettingsView />);
    expect((await screen.findByText(/^Managed by Acme IT/)).textContent).toBe(
      'Managed by Acme IT · Get help',
    );
    expect(screen.getByRole('link', { name: 'Get help' }).getAttribute('href')).toBe(
      'https://help.acme.example/agent',
    );
    expect(screen.getByText('https://cp.acme.example')).toBeTruthy();
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Proxy').disabled).toBe(true));
    expect(screen.getByLabelText<HTMLInputElement>('Extra CA bundle (PEM file)').disabled).toBe(false);
    expect(screen.getByRole('checkbox', { name: 'Start at login' })).toHaveProperty('disabled', true);
    // The API host, the proxy and start at login each say who set them.
    expect(screen.getAllByText(/Set by your organization/)).toHaveLength(3);
  });

  it('offers keep awake (on) and pause while on battery (off), and saves a change', async () => {
    const host = settingsHost();
    renderWithHost(host, <SettingsView />);
    const awake = await screen.findByRole('checkbox', { name: 'Keep the computer awake while jobs run' });
    expect(awake).toHaveProperty('checked', true);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Pause while on battery' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(host.calls('updateSettings')).toEqual([{ pauseOnBattery: true }]));
  });

  it('shows no lock and no "Managed by" without policy', async () => {
    renderWithHost(settingsHost(), <SettingsView />);
    expect(await screen.findByLabelText<HTMLInputElement>('Proxy')).toHaveProperty('disabled', false);
    expect(screen.queryByText(/Managed by|Set by your organization/)).toBeNull();
  });

  it('shows what enrollment fixed and the current settings', async () => {
    renderWithHost(settingsHost(), <SettingsView />);
    expect(await screen.findByText('https://api.example.com')).toBeTruthy();
    expect(screen.getByText('2')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Proxy').value).toBe('');
    expect(screen.getByRole('checkbox', { name: 'Start at login' })).toHaveProperty('checked', true);
    expect(screen.getByRole('button', { name: 'Save settings' })).toHaveProperty('disabled', true);
  });

  it('names a bad proxy under its field and saves nothing', async () => {
    const host = settingsHost();
    renderWithHost(host, <SettingsView />);
    await userEvent.type(await screen.findByLabelText('Proxy'), 'socks5://proxy:1080');
    expect(screen.getByText('The proxy must be an http:// or https:// URL.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(screen.getByRole('alert').textContent).toBe('Fix the fields marked above first.');
    expect(host.calls('updateSettings')).toHaveLength(0);
  });

  it('saves only what changed', async () => {
    const host = settingsHost();
    renderWithHost(host, <SettingsView />);
    await userEvent.type(await screen.findByLabelText('Proxy'), 'http://proxy.corp:3128');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Notify when a job fails' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(host.calls('updateSettings')).toEqual([
        { proxyUrl: 'http://proxy.corp:3128', notifications: { jobFailed: false } },
      ]),
    );
    expect(await screen.findByText(/Saved/)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Proxy').value).toBe('http://proxy.corp:3128');
  });

  it('says why a save failed', async () => {
    const host = settingsHost().fail(
      'updateSettings',
      'bad_request',
      'updateSettings: caBundlePath: Too big',
    );
    renderWithHost(host, <SettingsView />);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Start at login' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not saved: updateSettings: caBundlePath: Too big',
    );
  });

  it('says when the settings cannot be read', async () => {
    renderWithHost(
      standardHost().fail('getSettings', 'internal', 'settings file unreadable'),
      <SettingsView />,
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not read the settings: settings file unreadable',
    );
  });

  it('previews what leaves the machine, then saves the bundle', async () => {
    const host = settingsHost()
      .handle('diagnosticsPreview', () => ({
        entries: [
          { name: 'logs/agent.log', bytes: 2048, redactions: 2, preview: 'enroll with [REDACTED]' },
          { name: 'settings.json', bytes: 300, redactions: 0, preview: '{"logLevel":"info"}' },
        ],
        totalBytes: 2348,
      }))
      .handle('diagnosticsExport', () => ({ fileName: 'diag.zip', sizeBytes: 4, zipBase64: 'UEsFBg==' }));
    const createObjectURL = vi.fn(() => 'blob:diag');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    renderWithHost(host, <SettingsView />);
    expect(screen.getByRole('button', { name: 'Save diagnostics bundle' })).toHaveProperty('disabled', true);
    await userEvent.click(await screen.findByRole('button', { name: 'Preview what leaves this machine' }));
    expect(await screen.findByText('2 files, 2.3 KB in all; 2 secrets redacted.')).toBeTruthy();
    expect(screen.getByText('enroll with [REDACTED]')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save diagnostics bundle' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const anchor = click.mock.contexts[0] as HTMLAnchorElement;
    expect(anchor.download).toBe('diag.zip');
    click.mockRestore();
  });
});
