import { describe, expect, it } from 'vitest';
import { PemLineFilter, readWorkerOutputLine } from './worker-output.js';

describe('readWorkerOutputLine', () => {
  it('reads pino lines as structured entries from the logger', () => {
    const line = JSON.stringify({ level: 40, time: 5, msg: 'proxy slow', pid: 1 });
    expect(readWorkerOutputLine('stderr', line, 9)).toEqual({
      entry: { time: 5, level: 'warn', msg: 'proxy slow' },
      fromLogger: true,
    });
  });

  it('keeps anything else as a raw line, stderr as a warning', () => {
    expect(readWorkerOutputLine('stderr', 'TypeError: x is undefined', 9)).toEqual({
      entry: { time: 9, level: 'warn', msg: 'TypeError: x is undefined' },
      fromLogger: false,
    });
    expect(readWorkerOutputLine('stdout', '{not json', 9).entry.level).toBe('info');
  });
});

describe('PemLineFilter', () => {
  it('blanks every line of a PEM block split over lines, per stream', () => {
    const filter = new PemLineFilter();
    const out = ['key:', '-----BEGIN PRIVATE KEY-----', 'MC4CAQAw', '-----END PRIVATE KEY-----', 'after'].map(
      (l) => filter.filter('stderr', l),
    );
    expect(out).toEqual(['key:', '-----BEGIN PRIVATE KEY-----', '[redacted]', '[redacted]', 'after']);
    expect(filter.filter('stdout', 'unrelated')).toBe('unrelated');
  });
});
