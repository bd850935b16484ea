import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogChunk } from './log-shipper.js';
import { LogShipper } from './log-shipper.js';
import { SpoolReader } from './spool-reader.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const readers: SpoolReader[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) await reader.close();
});

async function shipperOver(content: Buffer, options: { window?: number; chunk?: number } = {}) {
  const path = join(mkdtempSync(join(tmpdir(), 'ship-')), 'output.log');
  writeFileSync(path, content);
  const reader = await SpoolReader.open(path);
  readers.push(reader);
  const sent: LogChunk[] = [];
  const errors: string[] = [];
  let online = true;
  const shipper = new LogShipper({
    jobId: 'job_x',
    reader,
    send: (chunk) => {
      if (online) sent.push(chunk);
      return online;
    },
    onError: (error) => errors.push(error.message),
    chunkBytes: options.chunk ?? 4,
    windowBytes: options.window ?? 8,
  });
  return { shipper, sent, errors, goOffline: () => (online = false), goOnline: () => (online = true) };
}

describe('SpoolReader.readChunk', () => {
  it('reads by offset, short at the end, empty past it, and refuses bad arguments', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'read-')), 'output.log');
    writeFileSync(path, 'abcdef');
    const reader = await SpoolReader.open(path);
    readers.push(reader);
    expect((await reader.readChunk(2, 3)).toString()).toBe('cde');
    expect((await reader.readChunk(4, 100)).toString()).toBe('ef');
    expect((await reader.readChunk(6, 100)).length).toBe(0);
    await expect(reader.readChunk(-1, 1)).rejects.toThrow(/offset/);
    await expect(reader.readChunk(0, 0)).rejects.toThrow(/chunk size/);
  });
});

describe('LogShipper', () => {
  it('waits for the server to say which offset it expects, then ships from there', async () => {
    const { shipper, sent } = await shipperOver(Buffer.from('0123456789'));
    shipper.spoolGrew(10);
    await settle();
    expect(sent).toEqual([]);
    shipper.onExpectedOffset(6);
    await settle();
    expect(sent.map((c) => [c.offset, c.data.toString()])).toEqual([[6, '6789']]);
  });

  it('keeps at most the window unacked, and moves on with acks', async () => {
    const { shipper, sent } = await shipperOver(Buffer.from('0123456789abcdef'));
    shipper.spoolGrew(16);
    shipper.onExpectedOffset(0);
    await settle();
    expect(sent.map((c) => c.offset)).toEqual([0, 4]);
    shipper.onAck(8);
    await settle();
    expect(sent.map((c) => c.offset)).toEqual([0, 4, 8, 12]);
    shipper.onAck(16);
    expect(shipper.allAcked(16)).toBe(true);
  });

  it('resends from the offset the server expects after it refused a chunk', async () => {
    const { shipper, sent } = await shipperOver(Buffer.from('0123456789'), { window: 100 });
    shipper.spoolGrew(10);
    shipper.onExpectedOffset(0);
    await settle();
    shipper.onExpectedOffset(4);
    await settle();
    expect(sent.map((c) => c.offset)).toEqual([0, 4, 8, 4, 8]);
  });

  it('stops when the session is gone and resumes where the server says after reconnecting', async () => {
    const { shipper, sent, goOffline, goOnline } = await shipperOver(Buffer.from('0123456789'), {
      window: 100,
    });
    goOffline();
    shipper.spoolGrew(10);
    shipper.onExpectedOffset(0);
    await settle();
    expect(sent).toEqual([]);
    shipper.spoolGrew(10);
    await settle();
    expect(sent).toEqual([]);
    goOnline();
    shipper.onExpectedOffset(2);
    await settle();
    expect(Buffer.concat(sent.map((c) => c.data)).toString()).toBe('23456789');
  });

  it('reports an offset from the server beyond the spool and does not move', async () => {
    const { shipper, sent, errors } = await shipperOver(Buffer.from('0123'));
    shipper.spoolGrew(4);
    shipper.onExpectedOffset(99);
    shipper.onAck(-1);
    await settle();
    expect(sent).toEqual([]);
    expect(errors).toEqual([
      "job_x: server's expected offset 99 is outside the spool (0..4)",
      "job_x: server's acked offset -1 is outside the spool (0..4)",
    ]);
  });
});
