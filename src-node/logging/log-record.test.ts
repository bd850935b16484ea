import { describe, expect, it } from 'vitest';
import { levelOfNumber, logRecordOf } from './log-record.js';

describe('levelOfNumber', () => {
  it('maps pino levels onto ours, fatal as error and trace as debug', () => {
    expect([60, 50, 40, 30, 20, 10].map(levelOfNumber)).toEqual([
      'error',
      'error',
      'warn',
      'info',
      'debug',
      'debug',
    ]);
  });
});

describe('logRecordOf', () => {
  it('reads a logger line into a record, keeping only the fields beyond the envelope', () => {
    expect(
      logRecordOf({ level: 40, time: 5, pid: 1, name: 'a', hostname: 'h', jobId: 'j', msg: 'slow' }),
    ).toEqual({ time: 5, level: 'warn', msg: 'slow', fields: { jobId: 'j' } });
    expect(logRecordOf({ level: 30, time: 5, pid: 1, msg: 'plain' })).toEqual({
      time: 5,
      level: 'info',
      msg: 'plain',
    });
  });

  it('refuses what no logger of ours wrote', () => {
    for (const value of [null, 'text', { msg: 'x', time: 1 }, { level: 'info', msg: 'x', time: 1 }])
      expect(logRecordOf(value)).toBeNull();
  });
});
