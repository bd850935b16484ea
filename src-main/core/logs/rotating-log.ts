import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { LogLevel } from '../../../src-shared/worker-link.js';
import type { LogLine } from '../../../src-shared/host-api/logs.js';
import type { LogRecord } from '../../../src-node/logging/log-record.js';
import { redactText } from '../../../src-shared/redact.js';
import { encodeCursor } from './log-position.js';
import type { LogPosition } from './log-position.js';

export interface RotationLimits {
  /** Size of one file before the log moves on to a new one. */
  maxBytes: number;
  /** Rotated files kept beside the live one. */
  kept: number;
}

/** One line longer than this is cut, so a runaway line cannot defeat the size cap. */
const MAX_LINE_CHARS = 16 * 1024;

/**
 * One log as numbered files `<name>.<gen>.log`: appends go to the highest generation; when it would
 * pass the size cap a new generation starts and the oldest beyond `kept` are deleted. Generations
 * never renumber, so a cursor (gen, offset) stays valid for as long as its file exists.
 */
export class RotatingLog {
  private gen: number;
  private size: number;
  private fd: number | null = null;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private limits: RotationLimits,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.gen = this.generations().at(-1) ?? 1;
    this.size = fileSize(this.path(this.gen));
  }

  setLimits(limits: RotationLimits): void {
    this.limits = limits;
    this.prune();
  }

  append(entry: LogRecord): LogLine {
    const clean = { ...entry, msg: truncate(entry.msg) };
    const text = `${JSON.stringify(clean, (_key, value: unknown) => (typeof value === 'string' ? redactText(value) : value))}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.limits.maxBytes) this.rotate();
    this.fd ??= openSync(this.path(this.gen), 'a', 0o600);
    const offset = this.size;
    writeSync(this.fd, text);
    this.size += bytes;
    return toLogLine({ gen: this.gen, offset }, JSON.parse(text) as unknown);
  }

  /** Generations on disk, oldest first. */
  generations(): number[] {
    const prefix = `${this.name}.`;
    return readdirSync(this.dir)
      .filter((file) => file.startsWith(prefix) && file.endsWith('.log'))
      .map((file) => Number(file.slice(prefix.length, -'.log'.length)))
      .filter((gen) => Number.isInteger(gen) && gen > 0)
      .sort((a, b) => a - b);
  }

  /** Every line of one generation, oldest first (empty if it was rotated away). */
  readGeneration(gen: number): LogLine[] {
    let content: string;
    try {
      content = readFileSync(this.path(gen), 'utf8');
    } catch {
      return [];
    }
    const lines: LogLine[] = [];
    let offset = 0;
    for (const text of content.split('\n')) {
      const position = { gen, offset };
      offset += Buffer.byteLength(text) + 1;
      if (text === '') continue;
      lines.push(toLogLine(position, safeJson(text)));
    }
    return lines;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private rotate(): void {
    this.close();
    this.gen += 1;
    this.size = 0;
    this.prune();
  }

  private prune(): void {
    for (const gen of this.generations()) {
      if (gen <= this.gen - this.limits.kept - 1) rmSync(this.path(gen), { force: true });
    }
  }

  private path(gen: number): string {
    return join(this.dir, `${this.name}.${gen}.log`);
  }
}

function toLogLine(position: LogPosition, raw: unknown): LogLine {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const level = LogLevel.safeParse(record.level);
  const line: LogLine = {
    cursor: encodeCursor(position),
    time: typeof record.time === 'number' ? record.time : 0,
    level: level.success ? level.data : 'info',
    msg: typeof record.msg === 'string' ? record.msg : String(raw),
  };
  if (typeof record.fields === 'object' && record.fields !== null) {
    line.fields = record.fields as Record<string, unknown>;
  }
  return line;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function truncate(msg: string): string {
  return msg.length <= MAX_LINE_CHARS ? msg : `${msg.slice(0, MAX_LINE_CHARS)}… (cut)`;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
