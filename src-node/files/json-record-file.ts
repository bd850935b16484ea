import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { parseJsonAs } from '../../src-shared/parse-json.js';
import { writeFileDurably } from './durable-file.js';
import { readIfPresentSync } from './read-if-present.js';

export interface JsonRecordFileOptions {
  /** How errors name the file: `job journal /path` (default: the path). */
  what?: string;
  /** What a person should do about a bad file, added to the error. */
  hint?: string;
}

/**
 * One small JSON document on disk, checked by a schema both ways: what is written is what a read
 * accepts. Written durably and owner-only (0600 in a 0700 folder): a crash leaves the old record or
 * the new one, never half of either.
 */
export class JsonRecordFile<T> {
  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly options: JsonRecordFileOptions = {},
  ) {}

  /** Null when there is no file; an error naming the file and the first wrong field when it is bad. */
  read(): T | null {
    const text = readIfPresentSync(this.path);
    if (text === null) return null;
    return parseJsonAs(text, this.schema, this.options.what ?? this.path, this.options.hint);
  }

  /**
   * Null also when the file is unreadable or bad: for a record that is a convenience, never a reason
   * for a process not to start.
   */
  readIfValid(): T | null {
    try {
      return this.read();
    } catch {
      return null;
    }
  }

  write(record: T): void {
    const checked = this.schema.parse(record);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileDurably(this.path, `${JSON.stringify(checked, null, 2)}\n`);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
