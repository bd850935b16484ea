import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../src-agent/jobs/outbox.js';

const WRITER = fileURLToPath(new URL('../../fixtures/jobs/outbox-writer.ts', import.meta.url));

describe('outbox through a kill -9 of the process writing to it', () => {
  it('replays exactly the events that were queued and not acked, in order, with their ids', async () => {
    const root = mkdtempSync(join(tmpdir(), 'outbox-crash-'));
    const dir = join(root, 'outbox');
    const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const put: string[] = [];
    const acked = new Set<string>();
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the writer did not get going within 20 s')), 20_000);
      writer.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const [op, id] = line.split(' ');
          if (op === 'put' && id) put.push(id);
          if (op === 'ack' && id) acked.add(id);
        }
        if (put.length >= 300 && writer.exitCode === null) {
          clearTimeout(timer);
          writer.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => writer.once('close', resolve));
    expect(writer.signalCode).toBe('SIGKILL');

    // What the writer reported is the floor; it may have finished one more operation it did not report.
    const reported = put.filter((id) => !acked.has(id));
    const pending = Outbox.open(dir).pending();
    const ids = pending.map((event) => event.id);
    expect(pending.map((event) => event.seq)).toEqual(
      [...pending.map((event) => event.seq)].sort((a, b) => a - b),
    );
    expect(ids.filter((id) => acked.has(id))).toEqual([]);
    const unreportedPut = ids.filter((id) => !put.includes(id));
    const unreportedAck = reported.filter((id) => !ids.includes(id));
    expect(unreportedPut.length + unreportedAck.length).toBeLessThanOrEqual(1);
    expect(ids.filter((id) => put.includes(id))).toEqual(reported.filter((id) => ids.includes(id)));
    expect(reported.length).toBeGreaterThan(150);

    // Replaying after the crash sends the same ids; acking them all empties it for good.
    const again = Outbox.open(dir);
    const replayed: string[] = [];
    again.replay((event) => (replayed.push(event.id), true));
    expect(replayed).toEqual(ids);
    for (const id of replayed) again.ack(id);
    expect(Outbox.open(dir).pending()).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });
});
