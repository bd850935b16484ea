import { pino, type Logger } from 'pino';
import { redactFields } from '../../src-shared/redact.js';
import { logRecordOf, type LogRecord } from './log-record.js';

export type { Logger } from 'pino';

/** The levels a logger can be set to (a control plane's `--log-level`), quietest last. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LoggerLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** Names the process in every line: `planasonix-agent`, `host`, `control-plane`. */
  name: string;
  level?: LoggerLevel;
  /** Where JSON lines go; stderr by default (stdout stays for what a script parses); null: nowhere. */
  destination?: { write(line: string): unknown } | null;
  /** Also hands each line, already redacted, to a reader (the agent's link, the host's log book). */
  onRecord?: (record: LogRecord) => void;
  now?: () => number;
}

/**
 * The one logger front of the agent, the host and the control plane: pino's API
 * (`log.warn({ jobId, err }, 'what happened')`), errors under `err` (with pino's error serializer),
 * one field order in every line (`level`, `time`, `pid`, `name`, the fields, `msg`).
 *
 * Redaction is built in and applied last, to the line as it will be written: pino's serializers
 * (errors, Fastify's request) and message formatting have all run, so a token quoted inside an error
 * message or a URL is masked like a field named `token`. The policy is `src-shared/redact.ts`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const out =
    options.destination === undefined ? pino.destination({ dest: 2, sync: true }) : options.destination;
  const { onRecord, now } = options;
  const redacting = {
    write(line: string): void {
      const record = redactFields(JSON.parse(line));
      out?.write(`${JSON.stringify(record)}\n`);
      if (onRecord === undefined) return;
      const forwarded = logRecordOf(record);
      if (forwarded !== null) onRecord(forwarded);
    },
  };
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { pid: process.pid },
      ...(now === undefined ? {} : { timestamp: () => `,"time":${now()}` }),
    },
    redacting,
  );
}
