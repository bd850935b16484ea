import { trayStates } from '../../build/icons/icon-plan.js';
import type { TrayIconState } from '../../build/icons/icon-plan.js';
import { pausedLabel } from '../../src-shared/host-api/pause.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';

/** The tray's states are the icon build's (one drawn icon per state), so names cannot drift apart. */
export const TRAY_STATES = trayStates;
export type TrayState = TrayIconState;

export interface TrayView {
  state: TrayState;
  /** One short line: the menu's status line, and the tooltip after the product name. */
  status: string;
  tooltip: string;
}

/** A worker error this recent still marks a connected agent as degraded. */
export const RECENT_ERROR_MS = 5 * 60_000;
/** Below this much free disk a connected agent is degraded: jobs will soon fail to write output. */
export const LOW_DISK_GB = 1;
export const HIGH_MEMORY_PERCENT = 95;

const PRODUCT = 'Planasonix Agent';

/**
 * What the tray shows, as a pure function of the host snapshot (and the time, for "recent"). The
 * order matters: a state that needs the user (revoked, halted) wins over one that explains itself.
 */
export function trayViewOf(snapshot: HostSnapshot, now: number): TrayView {
  const { state, status } = classify(snapshot, now);
  return { state, status, tooltip: `${PRODUCT}: ${status}` };
}

function classify(snapshot: HostSnapshot, now: number): { state: TrayState; status: string } {
  const { enrollment, supervisor, worker } = snapshot;
  if (enrollment.state === 'revoked' || worker?.phase === 'revoked') {
    return { state: 'revoked', status: 'Access revoked by the control plane: enroll again' };
  }
  if (supervisor.state === 'halted') {
    return { state: 'error', status: `Stopped after repeated crashes: ${supervisor.reason ?? 'restart it'}` };
  }
  if (enrollment.state === 'enrolling' || worker?.phase === 'enrolling') {
    return { state: 'connecting', status: 'Enrolling…' };
  }
  if (enrollment.state === 'not_enrolled' || supervisor.needsEnrollment) {
    return { state: 'not-enrolled', status: 'Not enrolled: paste a token to connect' };
  }
  if (snapshot.pause !== null && (snapshot.pause.until !== null || snapshot.pause.reason === 'battery')) {
    return { state: 'paused', status: pausedLabel(snapshot.pause, now) };
  }
  if (snapshot.paused || worker?.phase === 'paused') {
    return { state: 'paused', status: 'Paused: taking no new jobs' };
  }
  if (worker?.phase === 'error') {
    return {
      state: 'error',
      status: `Error: ${worker.reason ?? worker.lastError?.message ?? 'see the logs'}`,
    };
  }
  if (supervisor.state === 'backing_off') {
    const seconds =
      supervisor.nextRestartAt === null
        ? null
        : Math.max(0, Math.ceil((supervisor.nextRestartAt - now) / 1000));
    const when = seconds === null ? 'soon' : `in ${seconds} s`;
    return { state: 'degraded', status: `Worker restarting ${when} (${supervisor.reason ?? 'it stopped'})` };
  }
  if (supervisor.state === 'stopped' || supervisor.state === 'stopping') {
    return { state: 'error', status: supervisor.reason ?? 'The worker is stopped' };
  }
  if (worker === null || worker.phase === 'not_enrolled' || worker.phase === 'connecting') {
    return { state: 'connecting', status: 'Connecting…' };
  }
  if (worker.phase === 'reconnecting') {
    return { state: 'reconnecting', status: `Reconnecting: ${worker.reason ?? 'connection lost'}` };
  }
  const problem = degradation(snapshot, now);
  if (problem !== null) return { state: 'degraded', status: `Connected, degraded: ${problem}` };
  if (worker.activeJobs > 0) {
    return { state: 'busy', status: `Busy: ${worker.activeJobs} of ${worker.slots} job slots in use` };
  }
  return { state: 'connected-idle', status: 'Connected, idle' };
}

function degradation(snapshot: HostSnapshot, now: number): string | null {
  const { health, worker } = snapshot;
  if (
    health?.disk_free_gb !== null &&
    health?.disk_free_gb !== undefined &&
    health.disk_free_gb < LOW_DISK_GB
  ) {
    return `only ${health.disk_free_gb.toFixed(1)} GB disk free`;
  }
  if (
    health?.memory_percent !== null &&
    health?.memory_percent !== undefined &&
    health.memory_percent >= HIGH_MEMORY_PERCENT
  ) {
    return `memory ${Math.round(health.memory_percent)}% used`;
  }
  if (worker?.lastError && now - worker.lastError.at < RECENT_ERROR_MS) return worker.lastError.message;
  return null;
}
