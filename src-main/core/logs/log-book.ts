import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HostApiError } from '../../../src-shared/host-api/envelope.js';
import type { LogLine, LogLinesEvent, LogSource, LogsPage } from '../../../src-shared/host-api/logs.js';
import type { HostApiParams } from '../../../src-shared/host-api/methods.js';
import { decodeCursor } from './log-position.js';
import type { LogPosition } from './log-position.js';
import { readPage } from './log-reader.js';
import { RotatingLog } from './rotating-log.js';
import type { RotationLimits } from './rotating-log.js';
import type { LogRecord } from '../../../src-node/logging/log-record.js';

/**
 * The host's logs in one folder: `host`, `agent`, and one per job under `jobs/`. Callers name a log
 * by source (and job id), never by path, so the UI can read logs without knowing where they live.
 */
export class LogBook {
  private readonly logs = new Map<string, RotatingLog>();
  private readonly listeners = new Set<(event: LogLinesEvent) => void>();

  constructor(
    private readonly dir: string,
    private limits: RotationLimits,
  ) {}

  on(listener: (event: LogLinesEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  write(source: LogSource, entry: LogRecord, jobId: string | null = null): LogLine {
    const line = this.open(source, jobId, true)!.append(entry);
    for (const listener of this.listeners) listener({ source, jobId, lines: [line] });
    return line;
  }

  page(params: HostApiParams<'logs'>): LogsPage {
    const log = this.open(params.source, params.jobId ?? null, false);
    if (log === null) throw new HostApiError('not_found', `no log for job ${params.jobId}`);
    return readPage(log, {
      before: cursorParam('before', params.before),
      after: cursorParam('after', params.after),
      limit: params.limit,
      level: params.level,
      query: params.query,
    });
  }

  /** The newest lines of a log, for the diagnostics bundle. */
  tail(source: LogSource, limit: number, jobId: string | null = null): LogLine[] {
    const log = this.open(source, jobId, false);
    return log === null ? [] : readPage(log, { limit }).lines;
  }

  setLimits(limits: RotationLimits): void {
    this.limits = limits;
    for (const log of this.logs.values()) log.setLimits(limits);
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
  }

  private open(source: LogSource, jobId: string | null, create: boolean): RotatingLog | null {
    const key = source === 'job' ? `job:${jobId}` : source;
    const existing = this.logs.get(key);
    if (existing !== undefined) return existing;
    // Job ids are validated against JOB_ID_PATTERN before they get here, so they are safe file names.
    const dir = source === 'job' ? join(this.dir, 'jobs') : this.dir;
    const name = source === 'job' ? String(jobId) : source;
    if (!create && source === 'job' && !hasFiles(dir, name)) return null;
    const log = new RotatingLog(dir, name, this.limits);
    this.logs.set(key, log);
    return log;
  }
}

function cursorParam(name: string, cursor: string | undefined): LogPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor);
  if (position === null) throw new HostApiError('bad_request', `${name}: not a cursor this host issued`);
  return position;
}

function hasFiles(dir: string, name: string): boolean {
  try {
    return readdirSync(dir).some((file) => file.startsWith(`${name}.`));
  } catch {
    return false;
  }
}
