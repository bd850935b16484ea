import type { LogLevel } from '../../../src-shared/worker-link.js';
import type { LogEntry } from '../logs/rotating-log.js';

const PINO_LEVELS: [number, LogLevel][] = [
  [50, 'error'],
  [40, 'warn'],
  [30, 'info'],
  [0, 'debug'],
];

/**
 * Reads one line the worker wrote to stdout/stderr. The worker logs pino JSON to stderr and sends
 * the same lines over the link once it is up, so `fromLogger` lets the caller skip those duplicates;
 * anything else (a crash trace, a stray print) is kept as it is.
 */
export function readWorkerOutputLine(
  stream: 'stdout' | 'stderr',
  line: string,
  now: number,
): { entry: LogEntry; fromLogger: boolean } {
  const parsed = tryJson(line);
  if (parsed !== null && typeof parsed.level === 'number' && typeof parsed.msg === 'string') {
    const level = PINO_LEVELS.find(([min]) => (parsed.level as number) >= min)?.[1] ?? 'info';
    return {
      entry: { time: typeof parsed.time === 'number' ? parsed.time : now, level, msg: parsed.msg },
      fromLogger: true,
    };
  }
  return { entry: { time: now, level: stream === 'stderr' ? 'warn' : 'info', msg: line }, fromLogger: false };
}

function tryJson(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
