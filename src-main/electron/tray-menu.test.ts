import { describe, expect, it, vi } from 'vitest';
import type { HostApiResponse } from '../../src-shared/host-api/envelope.js';
import { DEFAULT_HOST_SETTINGS } from '../../src-shared/host-api/settings.js';
import { connectedSnapshot } from '../../tests/helpers/host-snapshot.js';
import { runTrayAction } from './tray-actions.js';
import type { TrayActionDeps } from './tray-actions.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import { trayMenuModel } from './tray-menu.js';
import type { TrayAction, TrayMenuItem } from './tray-menu.js';
import { trayMenuTemplate } from './tray-menu-template.js';
import { trayViewOf } from './tray-state.js';

const NOW = Date.UTC(2026, 10, 28);

function menuFor(snapshot = connectedSnapshot(), settings = DEFAULT_HOST_SETTINGS) {
  return trayMenuModel(snapshot, settings, trayViewOf(snapshot, NOW));
}

function labelled(model: TrayMenuItem[], label: string) {
  const item = model.find((entry) => 'label' in entry && entry.label === label);
  if (item === undefined) throw new Error(`no menu item "${label}"`);
  return item;
}

describe('trayMenuModel', () => {
  it('lists status, open, the three pauses, logs, enroll, diagnostics, start at login and quit', () => {
    const model = menuFor();
    expect(model[0]).toEqual({ kind: 'status', label: 'Connected, idle' });
    expect(
      model.filter((item) => 'label' in item).map((item) => ('label' in item ? item.label : '')),
    ).toEqual([
      'Connected, idle',
      'Open Planasonix Agent',
      'Pause for 1 Hour',
      'Pause Until Tomorrow',
      'Pause Until I Resume',
      'View Logs',
      'Enroll…',
      'Export Diagnostics…',
      'Start at Login',
      'Quit',
    ]);
  });

  it('offers Resume while paused, and neither while not enrolled', () => {
    expect(labelled(menuFor(connectedSnapshot({ paused: true })), 'Resume')).toMatchObject({
      enabled: true,
      action: { type: 'resume' },
    });
    const notEnrolled = connectedSnapshot({
      enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null },
    });
    expect(labelled(menuFor(notEnrolled), 'Pause for 1 Hour')).toMatchObject({ enabled: false });
    expect(labelled(menuFor(notEnrolled), 'Enroll…')).toMatchObject({ enabled: true });
    expect(labelled(menuFor(), 'Enroll…')).toMatchObject({ enabled: false });
  });

  it('shows start at login as a checkbox that flips the setting', () => {
    expect(labelled(menuFor(), 'Start at Login')).toEqual({
      kind: 'checkbox',
      label: 'Start at Login',
      checked: true,
      enabled: true,
      action: { type: 'set-start-at-login', enabled: false },
    });
    const off = { ...DEFAULT_HOST_SETTINGS, startAtLogin: false };
    expect(labelled(menuFor(connectedSnapshot(), off), 'Start at Login')).toMatchObject({
      checked: false,
      action: { enabled: true },
    });
  });
});

describe('trayMenuModel under IT policy', () => {
  const labels = (model: TrayMenuItem[]) => model.map((item) => ('label' in item ? item.label : '—'));
  const managed = (values: HostSnapshot['policy']['values'], snapshot = connectedSnapshot()) =>
    menuFor({ ...snapshot, policy: { values, sources: {}, warnings: [] } });

  it('hides the items HiddenTrayItems names, without leaving separators side by side or last', () => {
    const model = managed({
      HiddenTrayItems: ['pause', 'logs', 'enroll', 'diagnostics', 'startAtLogin', 'quit'],
    });
    expect(labels(model)).toEqual(['Connected, idle', '—', 'Open Planasonix Agent']);
  });

  it('hides pausing when AllowPause is false, but keeps Resume for a pause already there', () => {
    expect(labels(managed({ AllowPause: false })).filter((l) => l.startsWith('Pause'))).toEqual([]);
    expect(labels(managed({ AllowPause: false }, connectedSnapshot({ paused: true })))).toContain('Resume');
  });

  it('hides Enroll when EnrollmentLocked, says who manages the host, and locks a forced start at login', () => {
    const model = managed({ EnrollmentLocked: true, OrganizationName: 'Acme IT', StartAtLogin: true });
    expect(labels(model)).not.toContain('Enroll…');
    expect(model[1]).toEqual({ kind: 'status', label: 'Managed by Acme IT' });
    expect(labelled(model, 'Start at Login (set by your organization)')).toMatchObject({ enabled: false });
  });
});

describe('trayMenuTemplate (mocked electron is not needed: it only builds data)', () => {
  it('reports the clicked item’s action and keeps the status line disabled', () => {
    const clicked: TrayAction[] = [];
    const template = trayMenuTemplate(menuFor(), (action) => clicked.push(action));
    expect(template[0]).toEqual({ label: 'Connected, idle', enabled: false });
    expect(template[1]).toEqual({ type: 'separator' });
    for (const item of template) (item.click as (() => void) | undefined)?.();
    expect(clicked).toEqual([
      { type: 'open-window', view: 'status' },
      { type: 'pause', for: '1h' },
      { type: 'pause', for: 'tomorrow' },
      { type: 'pause', for: 'indefinitely' },
      { type: 'open-window', view: 'logs' },
      { type: 'open-window', view: 'enroll' },
      { type: 'open-window', view: 'settings' },
      { type: 'set-start-at-login', enabled: false },
      { type: 'quit' },
    ]);
    expect(template.find((item) => item.label === 'Start at Login')).toMatchObject({
      type: 'checkbox',
      checked: true,
    });
  });
});

describe('runTrayAction', () => {
  function deps(response: HostApiResponse = { id: 'x', ok: true, result: {} }) {
    return {
      openWindow: vi.fn<TrayActionDeps['openWindow']>(),
      dispatch: vi.fn<TrayActionDeps['dispatch']>(() => Promise.resolve(response)),
      quit: vi.fn<TrayActionDeps['quit']>(),
      reportFailure: vi.fn<TrayActionDeps['reportFailure']>(),
    };
  }

  it('opens the window on the asked view and quits', async () => {
    const d = deps();
    await runTrayAction({ type: 'open-window', view: 'logs' }, d);
    await runTrayAction({ type: 'quit' }, d);
    expect(d.openWindow).toHaveBeenCalledWith('logs');
    expect(d.quit).toHaveBeenCalledOnce();
    expect(d.dispatch).not.toHaveBeenCalled();
  });

  it('pauses, resumes and sets start at login through the host API', async () => {
    const d = deps();
    await runTrayAction({ type: 'pause', for: 'tomorrow' }, d);
    await runTrayAction({ type: 'resume' }, d);
    await runTrayAction({ type: 'set-start-at-login', enabled: false }, d);
    expect(d.dispatch.mock.calls.map(([request]) => [request.method, request.params])).toEqual([
      ['pause', { for: 'tomorrow' }],
      ['resume', {}],
      ['updateSettings', { startAtLogin: false }],
    ]);
    expect(d.reportFailure).not.toHaveBeenCalled();
  });

  it('reports a refused call to the user instead of throwing', async () => {
    const d = deps({
      id: 'x',
      ok: false,
      error: { code: 'worker_unavailable', message: 'the worker is halted' },
    });
    await expect(runTrayAction({ type: 'pause', for: '1h' }, d)).resolves.toBeUndefined();
    expect(d.reportFailure).toHaveBeenCalledWith('Pause', 'the worker is halted');
  });
});
