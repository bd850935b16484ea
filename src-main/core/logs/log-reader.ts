import type { LogLevel } from '../../../src-shared/worker-link.js';
import type { LogLine, LogsPage } from '../../../src-shared/host-api/logs.js';
import { comparePositions, decodeCursor, encodeCursor } from './log-position.js';
import type { LogPosition } from './log-position.js';
import type { RotatingLog } from './rotating-log.js';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface PageQuery {
  before?: LogPosition;
  after?: LogPosition;
  limit: number;
  level?: LogLevel;
  query?: string;
}

/**
 * One page of a log. Without `after` it walks back from `before` (or the end): the newest matching
 * lines, oldest first. With `after` it walks forward: the next matching lines.
 */
export function readPage(log: RotatingLog, query: PageQuery): LogsPage {
  const matches = lineFilter(query);
  const gens = log.generations();
  const positionOf = (line: LogLine) => decodeCursor(line.cursor)!;

  if (query.after !== undefined) {
    const after = query.after;
    const lines: LogLine[] = [];
    for (const gen of gens.filter((g) => g >= after.gen)) {
      for (const line of log.readGeneration(gen)) {
        if (comparePositions(positionOf(line), after) > 0 && matches(line)) lines.push(line);
        if (lines.length === query.limit) break;
      }
      if (lines.length === query.limit) break;
    }
    return {
      lines,
      olderCursor: lines[0]?.cursor ?? null,
      // Nothing newer yet: polling continues from where the caller already was.
      newerCursor: lines.at(-1)?.cursor ?? encodeCursor(after),
    };
  }

  const newestFirst: LogLine[] = [];
  let more = false;
  for (const gen of [...gens].reverse().filter((g) => query.before === undefined || g <= query.before.gen)) {
    const candidates = log
      .readGeneration(gen)
      .filter((line) => query.before === undefined || comparePositions(positionOf(line), query.before) < 0)
      .filter(matches)
      .reverse();
    for (const line of candidates) {
      if (newestFirst.length === query.limit) {
        more = true;
        break;
      }
      newestFirst.push(line);
    }
    if (more) break;
  }
  const lines = newestFirst.reverse();
  return {
    lines,
    olderCursor: more ? (lines[0]?.cursor ?? null) : null,
    newerCursor: lines.at(-1)?.cursor ?? null,
  };
}

function lineFilter({ level, query }: PageQuery): (line: LogLine) => boolean {
  const minimum = level === undefined ? 0 : LEVEL_RANK[level];
  const needle = query?.toLowerCase();
  return (line) =>
    LEVEL_RANK[line.level] >= minimum && (needle === undefined || line.msg.toLowerCase().includes(needle));
}
