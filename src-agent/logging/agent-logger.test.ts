import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createAgentLogger, type LogLine } from './agent-logger.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createAgentLogger', () => {
  it('writes JSON lines with secrets redacted, and forwards the same redacted line', async () => {
    const out = capture();
    const forwarded: LogLine[] = [];
    const log = createAgentLogger({
      destination: out.stream,
      forward: (l) => forwarded.push(l),
      now: () => 42,
    });
    log.info('enrolling with plnx_enroll_SECRETSECRET', {
      token: 'plnx_enroll_SECRETSECRET',
      apiHost: 'https://cp',
    });
    await new Promise((r) => setImmediate(r));
    const [line] = out.lines();
    expect(JSON.stringify(line)).not.toContain('SECRETSECRET');
    expect(line).toMatchObject({ level: 30, apiHost: 'https://cp', token: '[redacted]' });
    expect(forwarded).toEqual([
      {
        level: 'info',
        msg: 'enrolling with plnx_enroll_[redacted]',
        time: 42,
        fields: { token: '[redacted]', apiHost: 'https://cp' },
      },
    ]);
  });

  it('drops lines below its level everywhere', async () => {
    const out = capture();
    const forwarded: LogLine[] = [];
    const log = createAgentLogger({
      level: 'warn',
      destination: out.stream,
      forward: (l) => forwarded.push(l),
    });
    log.info('quiet');
    log.error('loud');
    await new Promise((r) => setImmediate(r));
    expect(out.lines().map((l) => l.msg)).toEqual(['loud']);
    expect(forwarded.map((l) => l.msg)).toEqual(['loud']);
  });
});
