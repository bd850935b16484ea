import { describe, expect, it } from 'vitest';
import { PauseControl } from './pause-control.js';

function control() {
  const events: string[] = [];
  const pause = new PauseControl({
    cancelRunningJobs: () => events.push('cancel'),
    onPhaseChanged: (phase) => events.push(phase),
  });
  return { pause, events };
}

describe('PauseControl', () => {
  it('pauses on the first SIGTERM and cancels running jobs on the second', () => {
    const { pause, events } = control();
    expect(pause.onSigterm()).toBe('paused');
    expect(pause.acceptsWork()).toBe(false);
    expect(pause.onSigterm()).toBe('cancelling');
    expect(pause.onSigterm()).toBe('cancelling');
    expect(events).toEqual(['paused', 'cancelling', 'cancel']);
  });

  it('pauses and resumes from the host without cancelling anything', () => {
    const { pause, events } = control();
    expect(pause.pause()).toBe(true);
    expect(pause.pause()).toBe(false);
    expect(pause.resume()).toBe(true);
    expect(pause.resume()).toBe(false);
    expect(pause.acceptsWork()).toBe(true);
    expect(events).toEqual(['paused', 'accepting']);
  });

  it('takes a SIGTERM during a host pause as the first stop, not the second', () => {
    const { pause, events } = control();
    pause.pause();
    expect(pause.onSigterm()).toBe('paused');
    expect(pause.onSigterm()).toBe('cancelling');
    expect(events).toEqual(['paused', 'cancelling', 'cancel']);
    expect(pause.resume()).toBe(false);
  });
});
