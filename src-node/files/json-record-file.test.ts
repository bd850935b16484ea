import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { JsonRecordFile } from './json-record-file.js';

const Record = z.object({ count: z.number().int() });

function recordIn(name = 'nested/record.json') {
  const dir = mkdtempSync(join(tmpdir(), 'json-record-'));
  const path = join(dir, name);
  return { path, file: new JsonRecordFile(path, Record, { what: `counter ${path}`, hint: 'delete it' }) };
}

describe('JsonRecordFile', () => {
  it('reads null before the first write, then what was written', () => {
    const { file } = recordIn();
    expect(file.read()).toBeNull();
    file.write({ count: 2 });
    expect(file.read()).toEqual({ count: 2 });
  });

  it.skipIf(process.platform === 'win32')('creates its folder 0700 and the file 0600', () => {
    const { file, path } = recordIn();
    file.write({ count: 1 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
  });

  it('refuses to write what a read would refuse, leaving the file as it was', () => {
    const { file, path } = recordIn();
    file.write({ count: 1 });
    expect(() => file.write({ count: 1.5 })).toThrow();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ count: 1 });
  });

  it('names the file, the field and the hint when the file is bad', () => {
    const { file, path } = recordIn();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '{"count":"x"}');
    expect(() => file.read()).toThrow(new RegExp(`^counter ${path}: count: .+; delete it$`));
    writeFileSync(path, 'not json');
    expect(() => file.read()).toThrow(`counter ${path} is not valid JSON; delete it`);
  });

  it('reads a bad or unreadable file as null with readIfValid', () => {
    const { file, path } = recordIn();
    mkdirSync(path, { recursive: true });
    expect(() => file.read()).toThrow(/cannot read/);
    expect(file.readIfValid()).toBeNull();
  });

  it('removes the file, and removing what is absent is fine', () => {
    const { file } = recordIn();
    file.write({ count: 1 });
    file.remove();
    file.remove();
    expect(file.read()).toBeNull();
  });
});
