import type { ShellView } from '../../src-shared/host-api/events.js';
import type { PauseLength } from '../../src-shared/host-api/pause.js';
import type { HideableTrayItem } from '../../src-shared/host-api/policy.js';
import type { HostSettings } from '../../src-shared/host-api/settings.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import type { TrayView } from './tray-state.js';

/** What a tray menu item does; the Electron adapter only maps clicks to these. */
export type TrayAction =
  | { type: 'open-window'; view: ShellView }
  | { type: 'pause'; for: PauseLength }
  | { type: 'resume' }
  | { type: 'set-start-at-login'; enabled: boolean }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; enabled: boolean; action: TrayAction }
  | { kind: 'checkbox'; label: string; checked: boolean; enabled: boolean; action: TrayAction };

const PAUSE_CHOICES: readonly (readonly [string, PauseLength])[] = [
  ['Pause for 1 Hour', '1h'],
  ['Pause Until Tomorrow', 'tomorrow'],
  ['Pause Until I Resume', 'indefinitely'],
];

/**
 * The tray menu as data, a pure function of what the tray shows. IT policy hides items
 * (`HiddenTrayItems`, and pausing or enrolling it forbids) and locks start at login.
 */
export function trayMenuModel(
  snapshot: HostSnapshot,
  settings: HostSettings,
  view: TrayView,
): TrayMenuItem[] {
  const policy = snapshot.policy.values;
  const hidden = new Set<HideableTrayItem>(policy.HiddenTrayItems ?? []);
  if (policy.AllowPause === false && !snapshot.paused) hidden.add('pause');
  if (policy.EnrollmentLocked === true) hidden.add('enroll');
  const shown = (item: HideableTrayItem, entries: TrayMenuItem[]) => (hidden.has(item) ? [] : entries);
  const enrolled = snapshot.enrollment.state === 'enrolled';
  const canEnroll = snapshot.enrollment.state === 'not_enrolled' || snapshot.enrollment.state === 'revoked';
  const startAtLoginLocked = policy.StartAtLogin !== undefined;
  return withoutStraySeparators([
    { kind: 'status', label: view.status },
    ...(policy.OrganizationName !== undefined
      ? [{ kind: 'status', label: `Managed by ${policy.OrganizationName}` } as const]
      : []),
    { kind: 'separator' },
    {
      kind: 'action',
      label: 'Open Planasonix Agent',
      enabled: true,
      action: { type: 'open-window', view: 'status' },
    },
    ...shown(
      'pause',
      snapshot.paused
        ? [{ kind: 'action', label: 'Resume', enabled: enrolled, action: { type: 'resume' } }]
        : PAUSE_CHOICES.map(([label, length]) => ({
            kind: 'action',
            label,
            enabled: enrolled,
            action: { type: 'pause', for: length },
          })),
    ),
    ...shown('logs', [
      { kind: 'action', label: 'View Logs', enabled: true, action: { type: 'open-window', view: 'logs' } },
    ]),
    ...shown('enroll', [
      {
        kind: 'action',
        label: 'Enroll…',
        enabled: canEnroll,
        action: { type: 'open-window', view: 'enroll' },
      },
    ]),
    // The settings view previews what leaves the machine before the user saves the bundle.
    ...shown('diagnostics', [
      {
        kind: 'action',
        label: 'Export Diagnostics…',
        enabled: true,
        action: { type: 'open-window', view: 'settings' },
      },
    ]),
    { kind: 'separator' },
    ...shown('startAtLogin', [
      {
        kind: 'checkbox',
        label: startAtLoginLocked ? 'Start at Login (set by your organization)' : 'Start at Login',
        checked: settings.startAtLogin,
        enabled: !startAtLoginLocked,
        action: { type: 'set-start-at-login', enabled: !settings.startAtLogin },
      },
    ]),
    { kind: 'separator' },
    ...shown('quit', [{ kind: 'action', label: 'Quit', enabled: true, action: { type: 'quit' } }]),
  ]);
}

/** Hidden items can leave separators side by side or at the end: keep only those between items. */
function withoutStraySeparators(items: TrayMenuItem[]): TrayMenuItem[] {
  return items.filter((item, index) => {
    const next = items[index + 1];
    return item.kind !== 'separator' || (next !== undefined && next.kind !== 'separator');
  });
}
