import { createLogger, type Logger } from '../../../src-node/logging/create-logger.js';
import type { Clock } from '../clock.js';
import type { LogBook } from './log-book.js';

/** The host's own logger (the shared front), writing into the `host` log the UI reads. */
export function hostLogger(logs: LogBook, clock: Clock): Logger {
  return createLogger({
    name: 'host',
    destination: null,
    now: () => clock.now(),
    onRecord: (record) => logs.write('host', record),
  });
}
