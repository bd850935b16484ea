import { z } from 'zod';
import { JsonRecordFile } from '../../../src-node/files/json-record-file.js';

const JobIntakeSchema = z.object({
  paused: z.boolean(),
  /** Wall-clock epoch ms a timed pause ends; absent or null: until the operator resumes. */
  until: z.number().nullable().optional(),
});
export type JobIntake = z.infer<typeof JobIntakeSchema>;

/**
 * Whether the operator paused job intake, and until when. Kept on disk so a pause survives a host
 * restart or a reboot: an operator who paused a machine for maintenance must not find it taking
 * jobs again, and a pause for an hour still ends at the hour asked.
 */
export class JobIntakeRecordFile extends JsonRecordFile<JobIntake> {
  constructor(path: string) {
    super(path, JobIntakeSchema);
  }
}
