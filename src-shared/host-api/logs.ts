import { z } from 'zod';
import { JobId } from '../ids.js';

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

export const LogSource = z.enum(['host', 'agent', 'job']);
export type LogSource = z.infer<typeof LogSource>;

/** Opaque position in a log; only the host reads it. */
export const LogCursor = z.string().min(1).max(200);

export const LogLine = z.object({
  /** Position of this line: `after: cursor` continues with newer lines, `before: cursor` with older. */
  cursor: LogCursor,
  time: z.number(),
  level: LogLevel,
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type LogLine = z.infer<typeof LogLine>;

export const LOGS_MAX_LIMIT = 1000;

/**
 * One page of a log. Without `before`/`after` the page is the newest lines (a tail). `level` is a
 * minimum (warn = warn and error); `query` a case-insensitive substring of the message.
 */
export const LogsParams = z
  .object({
    source: LogSource,
    jobId: JobId.optional(),
    before: LogCursor.optional(),
    after: LogCursor.optional(),
    limit: z.number().int().min(1).max(LOGS_MAX_LIMIT).default(200),
    level: LogLevel.optional(),
    query: z.string().max(200).optional(),
  })
  .strict()
  .refine((p) => (p.source === 'job') === (p.jobId !== undefined), {
    message: 'jobId is required for source "job" and only allowed there',
    path: ['jobId'],
  })
  .refine((p) => p.before === undefined || p.after === undefined, {
    message: 'give before or after, not both',
    path: ['before'],
  });
export type LogsParams = z.input<typeof LogsParams>;

export const LogsPage = z.object({
  /** Oldest first. */
  lines: z.array(LogLine),
  /** Pass as `before` for the next older page; null when this page reaches the start. */
  olderCursor: LogCursor.nullable(),
  /** Pass as `after` to poll for newer lines; null when the log is empty. */
  newerCursor: LogCursor.nullable(),
});
export type LogsPage = z.infer<typeof LogsPage>;

/** Pushed when new lines are written (the live tail). */
export const LogLinesEvent = z.object({
  source: LogSource,
  jobId: z.string().nullable(),
  lines: z.array(LogLine),
});
export type LogLinesEvent = z.infer<typeof LogLinesEvent>;
