import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogAppendAnnouncer } from './log-append-announcer.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LogAppendAnnouncer', () => {
  it('announces the first append at once and folds the rest of the interval into one at its end', () => {
    const heard: string[] = [];
    const announcer = new LogAppendAnnouncer((id) => heard.push(id), 250);
    announcer.appended('a');
    announcer.appended('a');
    announcer.appended('a');
    expect(heard).toEqual(['a']);
    vi.advanceTimersByTime(250);
    expect(heard).toEqual(['a', 'a']);
    vi.advanceTimersByTime(250);
    expect(heard).toEqual(['a', 'a']);
    announcer.appended('a');
    expect(heard).toEqual(['a', 'a', 'a']);
    announcer.close();
  });

  it('keeps each job to its own interval', () => {
    const heard: string[] = [];
    const announcer = new LogAppendAnnouncer((id) => heard.push(id), 250);
    announcer.appended('a');
    announcer.appended('b');
    announcer.appended('a');
    expect(heard).toEqual(['a', 'b']);
    vi.advanceTimersByTime(250);
    expect(heard).toEqual(['a', 'b', 'a']);
    announcer.close();
  });

  it('announces nothing more once closed', () => {
    const heard: string[] = [];
    const announcer = new LogAppendAnnouncer((id) => heard.push(id), 250);
    announcer.appended('a');
    announcer.appended('a');
    announcer.close();
    vi.advanceTimersByTime(1000);
    expect(heard).toEqual(['a']);
  });
});
