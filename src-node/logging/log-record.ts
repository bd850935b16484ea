import type { LogLevel } from '../../src-shared/worker-link.js';

/**
 * One log line as the host keeps and shows it: what the agent forwards over its link and what the
 * host writes into its log book. A type, not an interface: it is sent over the link as it is.
 */
export type LogRecord = {
  time: number;
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
};

const LEVELS_BY_NUMBER: readonly [number, LogLevel][] = [
  [50, 'error'],
  [40, 'warn'],
  [30, 'info'],
  [0, 'debug'],
];

/** pino's numeric levels onto ours: fatal counts as error, trace as debug. */
export function levelOfNumber(level: number): LogLevel {
  return LEVELS_BY_NUMBER.find(([min]) => level >= min)?.[1] ?? 'info';
}

/** What every line carries besides its fields: not repeated in `fields`. */
const ENVELOPE_KEYS = new Set(['level', 'time', 'name', 'pid', 'hostname', 'msg']);

/**
 * A JSON line our logger wrote, as a record; null when the line is not one of ours (a crash trace,
 * a stray print), so a reader of a process's output can keep that as it is.
 */
export function logRecordOf(line: unknown): LogRecord | null {
  if (typeof line !== 'object' || line === null) return null;
  const raw = line as Record<string, unknown>;
  if (typeof raw.level !== 'number' || typeof raw.msg !== 'string' || typeof raw.time !== 'number')
    return null;
  const fields = Object.fromEntries(Object.entries(raw).filter(([key]) => !ENVELOPE_KEYS.has(key)));
  return {
    time: raw.time,
    level: levelOfNumber(raw.level),
    msg: raw.msg,
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}
