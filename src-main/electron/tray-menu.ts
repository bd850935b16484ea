import type { ShellView } from '../../src-shared/host-api/events.js';
import type { PauseLength } from '../../src-shared/host-api/pause.js';
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
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction };

const PAUSE_CHOICES: readonly (readonly [string, PauseLength])[] = [
  ['Pause for 1 Hour', '1h'],
  ['Pause Until Tomorrow', 'tomorrow'],
  ['Pause Until I Resume', 'indefinitely'],
];

/** The tray menu as data, a pure function of what the tray shows. */
export function trayMenuModel(
  snapshot: HostSnapshot,
  settings: HostSettings,
  view: TrayView,
): TrayMenuItem[] {
  const enrolled = snapshot.enrollment.state === 'enrolled';
  const canEnroll = snapshot.enrollment.state === 'not_enrolled' || snapshot.enrollment.state === 'revoked';
  return [
    { kind: 'status', label: view.status },
    { kind: 'separator' },
    {
      kind: 'action',
      label: 'Open Planasonix Agent',
      enabled: true,
      action: { type: 'open-window', view: 'status' },
    },
    ...(snapshot.paused
      ? [{ kind: 'action', label: 'Resume', enabled: enrolled, action: { type: 'resume' } } as const]
      : PAUSE_CHOICES.map(
          ([label, length]) =>
            ({ kind: 'action', label, enabled: enrolled, action: { type: 'pause', for: length } }) as const,
        )),
    { kind: 'action', label: 'View Logs', enabled: true, action: { type: 'open-window', view: 'logs' } },
    { kind: 'action', label: 'Enroll…', enabled: canEnroll, action: { type: 'open-window', view: 'enroll' } },
    // The settings view previews what leaves the machine before the user saves the bundle.
    {
      kind: 'action',
      label: 'Export Diagnostics…',
      enabled: true,
      action: { type: 'open-window', view: 'settings' },
    },
    { kind: 'separator' },
    {
      kind: 'checkbox',
      label: 'Start at Login',
      checked: settings.startAtLogin,
      action: { type: 'set-start-at-login', enabled: !settings.startAtLogin },
    },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit', enabled: true, action: { type: 'quit' } },
  ];
}
