import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LogPrefixHashes } from './log-prefix-hashes.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const digest = (hashes: LogPrefixHashes, jobId: string) => hashes.take(jobId).hash.copy().digest('hex');

describe('LogPrefixHashes', () => {
  it('starts a state at offset 0 and extends it only by bytes stored exactly where it ends', () => {
    const hashes = new LogPrefixHashes(10);
    hashes.stored('a', 0, Buffer.from('one '));
    hashes.stored('a', 4, Buffer.from('two '));
    hashes.stored('a', 20, Buffer.from('stored elsewhere first'));
    expect(hashes.take('a').length).toBe(8);
    expect(digest(hashes, 'a')).toBe(sha('one two '));
  });

  it('does not start a state from bytes in the middle of a log it never saw', () => {
    const hashes = new LogPrefixHashes(10);
    hashes.stored('b', 5, Buffer.from('tail'));
    expect(hashes.take('b').length).toBe(0);
    expect(digest(hashes, 'b')).toBe(sha(''));
  });

  it('drops the least recently used state beyond its capacity', () => {
    const hashes = new LogPrefixHashes(2);
    hashes.stored('a', 0, Buffer.from('a'));
    hashes.stored('b', 0, Buffer.from('b'));
    hashes.take('a');
    hashes.stored('c', 0, Buffer.from('c'));
    expect(hashes.take('a').length).toBe(1);
    expect(hashes.take('b').length).toBe(0);
  });
});
