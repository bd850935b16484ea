import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const EnrollmentRecordSchema = z.object({
  agentId: z.string(),
  label: z.string().nullable(),
  apiHost: z.string(),
});
export type EnrollmentRecord = z.infer<typeof EnrollmentRecordSchema>;

/**
 * What the host remembers about its enrollment for the snapshot while the worker is down (the
 * worker keeps its own credentials; this file holds no secret).
 */
export class EnrollmentRecordFile {
  constructor(private readonly path: string) {}

  read(): EnrollmentRecord | null {
    try {
      const parsed = EnrollmentRecordSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  write(record: EnrollmentRecord): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    writeFileSync(this.path, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  }

  clear(): void {
    rmSync(this.path, { force: true });
  }
}
