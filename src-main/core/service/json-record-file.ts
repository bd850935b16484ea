import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * A small JSON document the host keeps in its data folder (0600 in a 0700 folder). A missing,
 * unreadable or invalid file reads as null: what it remembers is a convenience, never a reason for
 * the host not to start.
 */
export class JsonRecordFile<T> {
  constructor(
    private readonly path: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  read(): T | null {
    try {
      const parsed = this.schema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  write(record: T): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileSync(this.path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
