import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import type { LogRecord } from './log-record.js';

function capture() {
  const written: string[] = [];
  const records: LogRecord[] = [];
  return {
    destination: { write: (line: string) => written.push(line) },
    onRecord: (record: LogRecord) => records.push(record),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written.join(''),
    records,
  };
}

describe('createLogger', () => {
  it('writes one JSON line per call in one field order: level, time, pid, name, fields, msg', () => {
    const out = capture();
    const log = createLogger({ name: 'planasonix-agent', destination: out.destination, now: () => 42 });
    log.info({ jobId: 'job_1', attempt: 2 }, 'accepted a job');
    expect(out.text()).toBe(
      `{"level":30,"time":42,"pid":${process.pid},"name":"planasonix-agent","jobId":"job_1","attempt":2,"msg":"accepted a job"}\n`,
    );
  });

  it('masks secrets in fields, in the message and its arguments, and hands on the same redacted record', () => {
    const out = capture();
    const log = createLogger({ name: 'agent', ...out, now: () => 42 });
    log.info(
      { token: 'plnx_enroll_SECRETSECRET', apiHost: 'https://cp', link: 'http://h/#token=SECRETSECRET' },
      'enrolling with %s',
      'plnx_enroll_SECRETSECRET',
    );
    expect(out.text()).not.toContain('SECRETSECRET');
    expect(out.records).toEqual([
      {
        level: 'info',
        msg: 'enrolling with [redacted]',
        time: 42,
        fields: { token: '[redacted]', apiHost: 'https://cp', link: 'http://h/#token=[redacted]' },
      },
    ]);
  });

  it('puts an error under err with its type and stack, a token quoted in its message masked', () => {
    const out = capture();
    const log = createLogger({ name: 'control-plane', destination: out.destination });
    const error = new Error('refused Authorization: Bearer plnx_key_01abc_SECRETSECRET');
    log.error({ err: error, agentId: 'agt_1' }, 'request failed');
    const [line] = out.lines();
    expect(out.text()).not.toContain('SECRETSECRET');
    expect(line).toMatchObject({
      level: 50,
      agentId: 'agt_1',
      msg: 'request failed',
      err: { type: 'Error', message: 'refused Authorization: Bearer [redacted]' },
    });
    expect((line?.err as { stack: string }).stack).toMatch(
      /^Error: refused Authorization: Bearer \[redacted\]\n/,
    );
  });

  it('redacts what child loggers add to every line', () => {
    const out = capture();
    createLogger({ name: 'x', destination: out.destination })
      .child({ authorization: 'Basic dXNlcjpwdw==' })
      .warn('denied');
    expect(out.lines()[0]).toMatchObject({ authorization: '[redacted]', msg: 'denied' });
  });

  it('drops lines below its level everywhere', () => {
    const out = capture();
    const log = createLogger({ name: 'x', level: 'warn', ...out });
    log.info('quiet');
    log.error('loud');
    expect(out.lines().map((l) => l.msg)).toEqual(['loud']);
    expect(out.records.map((r) => r.msg)).toEqual(['loud']);
  });

  it('hands records on without writing anywhere when the destination is null', () => {
    const out = capture();
    createLogger({ name: 'host', destination: null, onRecord: out.onRecord, now: () => 7 }).warn('note');
    expect(out.records).toEqual([{ level: 'warn', msg: 'note', time: 7 }]);
  });
});
