import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * JSON logs on stderr (stdout carries only the lines a script reads). Secrets are censored by path
 * wherever they could be attached to a log record.
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          'authorization',
          'enrollment_token',
          '*.enrollment_token',
          'apiKey',
          '*.apiKey',
          'api_key',
          '*.api_key',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}
