import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PauseInfo } from '../../../src-shared/host-api/pause.js';
import { ManualClock } from '../../../tests/helpers/manual-clock.js';
import { JobIntake, PAUSE_CHECK_MS } from './job-intake.js';
import { JobIntakeRecordFile } from './job-intake-record.js';

let dir = '';
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'job-intake-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

const HOUR = 60 * 60_000;
const START = Date.UTC(2026, 11, 7, 13, 30);

/** One host run: a JobIntake on the shared record file, as the host service makes it at start. */
function hostRun(clock: ManualClock) {
  const changes: (PauseInfo | null)[] = [];
  const logs: string[] = [];
  const intake = new JobIntake({
    clock,
    record: new JobIntakeRecordFile(join(dir, 'job-intake.json')),
    onChange: (pause) => changes.push(pause),
    log: (_level, msg) => logs.push(msg),
  });
  return { intake, changes, logs };
}

describe('JobIntake', () => {
  it('resumes a one-hour pause by itself at the wall-clock time asked, across a host restart', () => {
    const clock = new ManualClock(START);
    const first = hostRun(clock);
    first.intake.pause(START + HOUR);
    expect(first.intake.current()).toEqual({ reason: 'operator', until: START + HOUR });
    first.intake.dispose(); // the host stops 20 minutes in

    clock.advance(20 * 60_000);
    const second = hostRun(clock);
    expect(second.intake.current()).toEqual({ reason: 'operator', until: START + HOUR });
    clock.advance(40 * 60_000 - 1);
    expect(second.intake.current()).not.toBeNull();
    clock.advance(1);
    expect(second.intake.current()).toBeNull();
    expect(second.changes).toEqual([null]);

    // The resume is remembered too: a third start takes jobs.
    expect(hostRun(clock).intake.current()).toBeNull();
  });

  it('starts unpaused when the timed pause ended while the host was down', () => {
    const clock = new ManualClock(START);
    const first = hostRun(clock);
    first.intake.pause(START + HOUR);
    first.intake.dispose(); // the host stops
    clock.advance(2 * HOUR);
    const later = hostRun(clock);
    expect(later.intake.current()).toBeNull();
    expect(later.logs).toContain('the timed pause ended while the host was down: taking jobs again');
  });

  it('follows a wall-clock change: set forward past the end, it resumes within a check interval', () => {
    const clock = new ManualClock(START);
    const { intake } = hostRun(clock);
    intake.pause(START + 8 * HOUR);
    clock.setWallClock(START + 9 * HOUR);
    expect(intake.current()).not.toBeNull();
    clock.advance(PAUSE_CHECK_MS);
    expect(intake.current()).toBeNull();
  });

  it('follows a wall-clock change backwards: the pause lasts until the time asked, not an hour of timer', () => {
    const clock = new ManualClock(START);
    const { intake } = hostRun(clock);
    intake.pause(START + HOUR);
    clock.setWallClock(START - 2 * HOUR);
    clock.advance(HOUR);
    expect(intake.current()).toEqual({ reason: 'operator', until: START + HOUR });
    clock.advance(2 * HOUR);
    expect(intake.current()).toBeNull();
  });

  it('keeps "until I resume" across restarts and ends it only on resume', () => {
    const clock = new ManualClock(START);
    hostRun(clock).intake.pause(null);
    clock.advance(48 * HOUR);
    const later = hostRun(clock);
    expect(later.intake.current()).toEqual({ reason: 'operator', until: null });
    later.intake.resume();
    expect(later.intake.current()).toBeNull();
    expect(later.changes).toEqual([null]);
  });

  it('pauses on battery under an operator pause, lets quitting win, and forgets quitting at the next start', () => {
    const clock = new ManualClock(START);
    const { intake, changes } = hostRun(clock);
    intake.setOnBattery(true);
    expect(intake.current()).toEqual({ reason: 'battery', until: null });
    intake.pause(START + HOUR);
    intake.pauseForQuit();
    expect(intake.current()).toEqual({ reason: 'quit', until: null });
    expect(changes.map((c) => c?.reason)).toEqual(['battery', 'operator', 'quit']);
    expect(hostRun(clock).intake.current()).toEqual({ reason: 'operator', until: START + HOUR });
  });

  it('lifts a battery pause when the operator resumes, and on AC power', () => {
    const clock = new ManualClock(START);
    const { intake } = hostRun(clock);
    intake.setOnBattery(true);
    intake.resume();
    expect(intake.current()).toBeNull();
    intake.setOnBattery(true);
    intake.setOnBattery(false);
    expect(intake.current()).toBeNull();
  });

  it('reports no change for a repeated call', () => {
    const clock = new ManualClock(START);
    const { intake, changes } = hostRun(clock);
    intake.setOnBattery(false);
    intake.resume();
    expect(changes).toEqual([]);
  });
});
