import { z } from 'zod';
import { JsonRecordFile } from '../../../src-node/files/json-record-file.js';

const JobIntakeSchema = z.object({ paused: z.boolean() });
export type JobIntake = z.infer<typeof JobIntakeSchema>;

/**
 * Whether the operator paused job intake. Kept on disk so a pause survives a host restart or a
 * reboot: an operator who paused a machine for maintenance must not find it taking jobs again.
 */
export class JobIntakeRecordFile extends JsonRecordFile<JobIntake> {
  constructor(path: string) {
    super(path, JobIntakeSchema);
  }
}
