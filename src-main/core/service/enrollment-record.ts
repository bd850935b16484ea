import { z } from 'zod';
import { JsonRecordFile } from '../../../src-node/files/json-record-file.js';

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
export class EnrollmentRecordFile extends JsonRecordFile<EnrollmentRecord> {
  constructor(path: string) {
    super(path, EnrollmentRecordSchema);
  }
}
