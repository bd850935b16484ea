import type { LogLine } from '../../../src-shared/host-api/logs.js';
import type { LogLevel } from '../../../src-shared/host-api/logs.js';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Lines at or above `minLevel` whose message holds `query` (case-insensitive); the same array when no filter applies. */
export function filterLines(lines: LogLine[], minLevel: LogLevel, query: string): LogLine[] {
  const needle = query.trim().toLowerCase();
  if (minLevel === 'debug' && needle === '') return lines;
  const min = RANK[minLevel];
  return lines.filter((l) => RANK[l.level] >= min && (needle === '' || l.msg.toLowerCase().includes(needle)));
}

/** The message cut into plain and matching parts, for highlighting. */
export function splitMatches(text: string, query: string): { text: string; match: boolean }[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [{ text, match: false }];
  const parts: { text: string; match: boolean }[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatLineTime(time: number): string {
  const d = new Date(time);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** One line as copied to the clipboard: ISO time, level, message. */
export function lineAsText(line: LogLine): string {
  return `${new Date(line.time).toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.msg}`;
}
