import { pausedLabel } from '../../src-shared/host-api/pause.js';
import { describe, expect, it } from 'vitest';
import { iconPlan } from '../../build/icons/icon-plan.js';
import { connectedSnapshot } from '../../tests/helpers/host-snapshot.js';
import { trayIconPath } from './tray-icons.js';
import { TRAY_STATES, trayViewOf } from './tray-state.js';
import type { TrayState } from './tray-state.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const base = connectedSnapshot();

describe('trayViewOf: one state per situation, as a pure function of the snapshot', () => {
  const cases: [string, TrayState, RegExp, ReturnType<typeof connectedSnapshot>][] = [
    [
      'not enrolled',
      'not-enrolled',
      /Not enrolled/,
      connectedSnapshot({
        enrollment: { state: 'not_enrolled', agentId: null, label: null, apiHost: null },
        worker: { phase: 'not_enrolled', agentId: null },
      }),
    ],
    [
      'worker exited 10 (needs enrollment)',
      'not-enrolled',
      /Not enrolled/,
      connectedSnapshot({
        supervisor: { ...base.supervisor, state: 'stopped', needsEnrollment: true },
        worker: null,
      }),
    ],
    ['worker starting', 'connecting', /Connecting/, connectedSnapshot({ worker: null })],
    ['worker connecting', 'connecting', /Connecting/, connectedSnapshot({ worker: { phase: 'connecting' } })],
    [
      'enrolling',
      'connecting',
      /Enrolling/,
      connectedSnapshot({ enrollment: { state: 'enrolling', agentId: null, label: null, apiHost: null } }),
    ],
    ['connected and idle', 'connected-idle', /^Connected, idle$/, base],
    ['busy', 'busy', /Busy: 2 of 4 job slots/, connectedSnapshot({ worker: { activeJobs: 2 } })],
    [
      'degraded by low disk',
      'degraded',
      /0\.4 GB disk free/,
      connectedSnapshot({
        health: {
          at: NOW,
          cpu_percent: 5,
          memory_percent: 40,
          disk_free_gb: 0.4,
          active_jobs: 0,
          queue_depth: 0,
        },
      }),
    ],
    [
      'degraded by a recent error',
      'degraded',
      /spool write failed/,
      connectedSnapshot({ worker: { lastError: { message: 'spool write failed', at: NOW - 60_000 } } }),
    ],
    [
      'worker restarting after a crash',
      'degraded',
      /restarting in 4 s/,
      connectedSnapshot({
        supervisor: {
          ...base.supervisor,
          state: 'backing_off',
          nextRestartAt: NOW + 3500,
          reason: 'crashed',
        },
        worker: null,
      }),
    ],
    [
      'reconnecting',
      'reconnecting',
      /Reconnecting: ECONNREFUSED/,
      connectedSnapshot({ worker: { phase: 'reconnecting', reason: 'ECONNREFUSED' } }),
    ],
    [
      'paused by the user',
      'paused',
      /Paused/,
      connectedSnapshot({ paused: true, worker: { activeJobs: 1 } }),
    ],
    [
      'revoked',
      'revoked',
      /revoked/,
      connectedSnapshot({
        enrollment: { ...base.enrollment, state: 'revoked' },
        worker: { phase: 'revoked' },
      }),
    ],
    [
      'halted after repeated crashes',
      'error',
      /repeated crashes/,
      connectedSnapshot({
        supervisor: { ...base.supervisor, state: 'halted', reason: 'crashed 5 times in 10 minutes' },
        worker: null,
      }),
    ],
    [
      'worker error',
      'error',
      /Error: bad credentials/,
      connectedSnapshot({ worker: { phase: 'error', reason: 'bad credentials' } }),
    ],
  ];

  it.each(cases)('%s → %s', (_name, state, status, snapshot) => {
    const view = trayViewOf(snapshot, NOW);
    expect(view.state).toBe(state);
    expect(view.status).toMatch(status);
    expect(view.tooltip).toBe(`Planasonix Agent: ${view.status}`);
  });

  it('covers every tray state', () => {
    expect(new Set(cases.map(([, state]) => state))).toEqual(new Set(TRAY_STATES));
  });

  it('says until when a timed pause lasts, in the tooltip too', () => {
    const oneHour = connectedSnapshot({
      paused: true,
      pause: { reason: 'operator', until: NOW + 60 * 60_000 },
    });
    const view = trayViewOf(oneHour, NOW);
    expect(view).toMatchObject({ state: 'paused', status: pausedLabel(oneHour.pause!, NOW) });
    expect(view.tooltip).toMatch(/^Planasonix Agent: Paused until \d\d:\d\d$/);
    const battery = connectedSnapshot({ paused: true, pause: { reason: 'battery', until: null } });
    expect(trayViewOf(battery, NOW).status).toBe('Paused while on battery');
  });

  it('lets revoked and halted win over paused', () => {
    const pausedAndRevoked = connectedSnapshot({ paused: true, worker: { phase: 'revoked' } });
    expect(trayViewOf(pausedAndRevoked, NOW).state).toBe('revoked');
    const pausedAndHalted = connectedSnapshot({
      paused: true,
      supervisor: { ...base.supervisor, state: 'halted' },
    });
    expect(trayViewOf(pausedAndHalted, NOW).state).toBe('error');
  });

  it('forgets an old error', () => {
    const old = connectedSnapshot({ worker: { lastError: { message: 'x', at: NOW - 6 * 60_000 } } });
    expect(trayViewOf(old, NOW).state).toBe('connected-idle');
  });
});

describe('trayIconPath', () => {
  const planned = new Set(iconPlan().map((output) => output.path));

  it.each(TRAY_STATES)('names a file the icon build produces for %s on every OS', (state) => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const path = trayIconPath('/app/dist/icons/', state, platform);
      expect(path.startsWith('/app/dist/icons/tray/')).toBe(true);
      expect(planned.has(path.slice('/app/dist/icons/'.length))).toBe(true);
    }
  });

  it('uses an .ico on Windows, a template image on macOS and a PNG on Linux', () => {
    expect(trayIconPath('/i', 'busy', 'win32')).toBe('/i/tray/windows/busy.ico');
    expect(trayIconPath('/i', 'busy', 'darwin')).toBe('/i/tray/macos/busyTemplate.png');
    expect(trayIconPath('/i', 'busy', 'linux')).toBe('/i/tray/linux/busy-22.png');
  });
});
