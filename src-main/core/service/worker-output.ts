import type { LogLevel } from '../../../src-shared/worker-link.js';
import type { LogEntry } from '../logs/rotating-log.js';
import { REDACTED } from '../redact.js';

const PINO_LEVELS: [number, LogLevel][] = [
  [50, 'error'],
  [40, 'warn'],
  [30, 'info'],
  [0, 'debug'],
];

/**
 * Keeps secrets split across output lines out of the log: from a PEM BEGIN line to its END line,
 * every line of that stream is replaced whole (line-by-line redaction alone would keep the body).
 */
export class PemLineFilter {
  private inside = { stdout: false, stderr: false };

  filter(stream: 'stdout' | 'stderr', line: string): string {
    if (this.inside[stream]) {
      if (line.includes('-----END ')) this.inside[stream] = false;
      return REDACTED;
    }
    const begin = line.lastIndexOf('-----BEGIN ');
    if (begin !== -1 && !line.includes('-----END ', begin)) this.inside[stream] = true;
    return line;
  }

  reset(): void {
    this.inside = { stdout: false, stderr: false };
  }
}

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
