import { pino, type Logger } from 'pino';
import type { LogLevel } from '../../src-shared/worker-link.js';
import { redactText, redactValue } from './redact.js';

export type LogFields = Record<string, unknown>;

export interface LogLine {
  level: LogLevel;
  msg: string;
  time: number;
  fields?: LogFields;
}

export interface AgentLogger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface AgentLoggerOptions {
  level?: LogLevel;
  /** Where JSON lines go; stderr by default, so stdout stays for what a script parses. */
  destination?: NodeJS.WritableStream;
  /** Also hand each (already redacted) line to the parent link. */
  forward?: (line: LogLine) => void;
  now?: () => number;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** JSON lines with secrets redacted before they are written or forwarded anywhere. */
export function createAgentLogger(options: AgentLoggerOptions = {}): AgentLogger {
  const level = options.level ?? 'info';
  const base: Logger = pino(
    { level, base: { pid: process.pid, name: 'planasonix-agent' } },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
  const now = options.now ?? Date.now;
  const emit = (lineLevel: LogLevel, msg: string, fields?: LogFields): void => {
    if (ORDER[lineLevel] < ORDER[level]) return;
    const safeMsg = redactText(msg);
    const safeFields = fields ? (redactValue(fields) as LogFields) : undefined;
    if (safeFields) base[lineLevel](safeFields, safeMsg);
    else base[lineLevel](safeMsg);
    options.forward?.({
      level: lineLevel,
      msg: safeMsg,
      time: now(),
      ...(safeFields ? { fields: safeFields } : {}),
    });
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}
