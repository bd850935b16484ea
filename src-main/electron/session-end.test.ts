// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines): the
// session-end window (Electron's BaseWindow) and powerMonitor are event-emitter stand-ins that
// emit what Electron 45 documents for each OS.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchSessionEnd } from './session-end.js';
import type { SessionEndReason } from './session-end.js';

function setup(platform: NodeJS.Platform, jobs: number) {
  const window = new EventEmitter();
  const powerMonitor = new EventEmitter();
  const log: string[] = [];
  let windows = 0;
  let release: () => void = () => undefined;
  watchSessionEnd({
    platform,
    createWindow: () => {
      windows += 1;
      return window;
    },
    powerMonitor,
    jobsRunning: () => jobs > 0,
    endSession: () => {
      log.push('end session');
      return new Promise<void>((resolve) => (release = resolve));
    },
    quit: () => log.push('quit'),
    log: (message) => log.push(message),
  });
  return { window, powerMonitor, log, windows: () => windows, release: () => release() };
}

function sessionEvent(reasons: SessionEndReason[]) {
  const event = { reasons, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('watchSessionEnd', () => {
  it('on Windows logoff, holds the session while jobs run, reports them, then quits', async () => {
    const { window, log, windows, release } = setup('win32', 2);
    expect(windows()).toBe(1);
    const query = sessionEvent(['logoff']);
    window.emit('query-session-end', query);
    expect(query.prevented).toBe(true);
    expect(log).toEqual([
      'Windows is signing the user out: cancelling the running jobs, reporting them and stopping the worker',
      'end session',
    ]);
    release();
    await flush();
    expect(log.at(-1)).toBe('quit');
  });

  it('on Windows does not hold a shutdown when no job runs, and ends only once', async () => {
    const { window, log, release } = setup('win32', 0);
    const query = sessionEvent(['shutdown']);
    window.emit('query-session-end', query);
    window.emit('session-end', sessionEvent(['shutdown']));
    expect(query.prevented).toBe(false);
    expect(log.filter((line) => line === 'end session')).toHaveLength(1);
    expect(log[0]).toMatch(/^Windows is shutting down:/);
    release();
    await flush();
    expect(log.filter((line) => line === 'quit')).toHaveLength(1);
  });

  it('on a forced Windows session end (no query first) still reports the jobs', () => {
    const { window, log } = setup('win32', 1);
    window.emit('session-end', sessionEvent(['critical']));
    expect(log).toContain('end session');
    expect(log[0]).toMatch(/^Windows is ending the session at once/);
  });

  it.each(['linux', 'darwin'] as const)(
    'on %s delays the shutdown while jobs run, through powerMonitor',
    async (platform) => {
      const { powerMonitor, log, windows, release } = setup(platform, 1);
      expect(windows()).toBe(0);
      let prevented = false;
      powerMonitor.emit('shutdown', { preventDefault: () => (prevented = true) });
      expect(prevented).toBe(true);
      expect(log).toContain('end session');
      release();
      await flush();
      expect(log.at(-1)).toBe('quit');
    },
  );
});
