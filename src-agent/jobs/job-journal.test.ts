import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalRecord } from './job-journal.js';
import { readJournal, writeJournal } from './job-journal.js';

const record: JournalRecord = {
  version: 1,
  jobId: 'job_01jz0000000000000000000000',
  attempt: 1,
  leaseEpoch: 7,
  state: 'running',
  pid: 4242,
  stepNumber: 1,
  stepNames: ['a'],
  stepsDone: [],
  boot: { kind: 'boot_id', value: 'b' },
  startedAt: 1,
  result: null,
  resultEventId: null,
};

describe('job journal', () => {
  it('reads back what it wrote, and null when there is none', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.json');
    expect(readJournal(path)).toBeNull();
    writeJournal(path, record);
    expect(readJournal(path)).toEqual(record);
  });

  it('names the file and the field when the content is wrong', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'journal-')), 'journal.json');
    writeFileSync(path, '{');
    expect(() => readJournal(path)).toThrow(`job journal ${path} is not valid JSON`);
    writeFileSync(path, JSON.stringify({ ...record, pid: -3 }));
    expect(() => readJournal(path)).toThrow(/journal\.json: pid: /);
  });
});
