import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogSpool } from './log-spool.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const tempSpool = () => join(mkdtempSync(join(tmpdir(), 'spool-')), 'output.log');

describe('LogSpool', () => {
  it('keeps bytes exactly, with the running length and SHA-256 of the file', () => {
    const path = tempSpool();
    const grew: number[] = [];
    const spool = LogSpool.create(path, { onGrow: (length) => grew.push(length) });
    spool.writeOutput(Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    spool.writeOutput(Buffer.from('tail'));
    const mid = spool.facts();
    spool.close();
    const onDisk = readFileSync(path);
    expect(onDisk).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80]), Buffer.from('tail')]));
    expect(mid).toEqual({ length: 8, sha256: sha(onDisk), truncated: false });
    expect(grew).toEqual([4, 8]);
  });

  it('starts a marker on a fresh line only when the output did not end one', () => {
    const path = tempSpool();
    const spool = LogSpool.create(path);
    spool.writeMarker('##[planasonix] a\n');
    spool.writeOutput(Buffer.from('no newline'));
    spool.writeMarker('##[planasonix] b\n');
    spool.writeOutput(Buffer.from('line\n'));
    spool.writeMarker('##[planasonix] c\n');
    spool.close();
    expect(readFileSync(path, 'utf8')).toBe(
      '##[planasonix] a\nno newline\n##[planasonix] b\nline\n##[planasonix] c\n',
    );
  });

  it('drops output past the cap, writes one truncation marker, and keeps accepting writes', () => {
    const path = tempSpool();
    const spool = LogSpool.create(path, { capBytes: 10 });
    expect(spool.writeOutput(Buffer.from('12345678'))).toBe(8);
    expect(spool.writeOutput(Buffer.from('abcdef'))).toBe(2);
    expect(spool.writeOutput(Buffer.from('more'))).toBe(0);
    spool.writeMarker('##[planasonix] end\n');
    spool.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      "12345678ab\n##[planasonix] output truncated: the job's log cap of 10 bytes was reached; further output is dropped\n##[planasonix] end\n",
    );
    expect(text.match(/truncated/g)).toHaveLength(1);
    expect(spool.facts().truncated).toBe(true);
  });

  it('resumes a spool left by a crash: same hash, appends after it', async () => {
    const path = tempSpool();
    const first = LogSpool.create(path);
    first.writeOutput(Buffer.from('before crash'));
    first.close();
    const resumed = await LogSpool.resume(path);
    expect(resumed.facts().length).toBe(12);
    resumed.writeMarker('##[planasonix] job lost: x\n');
    resumed.close();
    const onDisk = readFileSync(path);
    expect(onDisk.toString()).toBe('before crash\n##[planasonix] job lost: x\n');
    expect(resumed.facts()).toEqual({ length: onDisk.length, sha256: sha(onDisk), truncated: false });
  });

  it('refuses a negative cap and writes to a closed spool', () => {
    expect(() => LogSpool.create(tempSpool(), { capBytes: -1 })).toThrow(/log cap/);
    const spool = LogSpool.create(tempSpool());
    spool.close();
    expect(() => spool.writeOutput(Buffer.from('x'))).toThrow(/closed/);
  });
});
