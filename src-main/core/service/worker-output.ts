import { REDACTED } from '../../../src-shared/redact.js';
import { logRecordOf, type LogRecord } from '../../../src-node/logging/log-record.js';

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
): { entry: LogRecord; fromLogger: boolean } {
  const record = logRecordOf(tryJson(line));
  if (record !== null) return { entry: record, fromLogger: true };
  return { entry: { time: now, level: stream === 'stderr' ? 'warn' : 'info', msg: line }, fromLogger: false };
}

function tryJson(line: string): unknown {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return null;
  }
}
