import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { JobId } from '../../src-shared/ids.js';
import { fsyncDir } from '../../src-node/files/durable-file.js';
import { JsonRecordFile } from '../../src-node/files/json-record-file.js';

/** What the agent must tell the server about a job, exactly once from the server's point of view. */
export const OutboxEventType = z.enum(['accept', 'start', 'result']);
export type OutboxEventType = z.infer<typeof OutboxEventType>;

export const OutboxEvent = z.object({
  /** The idempotency key: the same on every replay, so the server commits the event once. */
  id: z.string().regex(/^evt_[0-9a-f-]{36}$/),
  /** Position in the queue; events replay in this order. */
  seq: z.number().int().nonnegative(),
  type: OutboxEventType,
  jobId: JobId,
  attempt: z.number().int().positive(),
  payload: z.record(z.string(), z.unknown()),
  /** Epoch ms when the agent recorded it. */
  createdAt: z.number(),
});
export type OutboxEvent = z.infer<typeof OutboxEvent>;

/** `id` only to queue again an event whose id was already given out (see crash-recovery.ts). */
export type OutboxInput = Pick<OutboxEvent, 'type' | 'jobId' | 'attempt' | 'payload'> & { id?: string };

export interface OutboxOptions {
  now?: () => number;
  newId?: () => string;
}

const EVENT_FILE = /^(\d{16})\.json$/;

/**
 * An on-disk queue of events for the server, one file per event (written durably: temp, fsync,
 * rename, fsync the folder). An ack deletes the file. A crash at any point leaves each event either
 * wholly queued or not queued at all, and `enqueue` returns only once it is on disk, so the caller may
 * act on it. No SQLite: the desktop app carries no native modules.
 */
export class Outbox {
  private readonly events = new Map<string, OutboxEvent>();
  private nextSeq = 0;
  /** Files found unreadable at open, moved aside as `<name>.corrupt` (named so an operator can look). */
  readonly quarantined: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly options: OutboxOptions,
  ) {}

  static open(dir: string, options: OutboxOptions = {}): Outbox {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const outbox = new Outbox(dir, options);
    outbox.load();
    return outbox;
  }

  enqueue(input: OutboxInput): OutboxEvent {
    if (input.id !== undefined && this.events.has(input.id))
      throw new Error(`event ${input.id} is already queued`);
    const event = OutboxEvent.parse({
      ...input,
      id: input.id ?? this.options.newId?.() ?? `evt_${randomUUID()}`,
      seq: this.nextSeq,
      createdAt: this.options.now?.() ?? Date.now(),
    });
    eventFile(join(this.dir, fileName(event.seq))).write(event);
    this.nextSeq += 1;
    this.events.set(event.id, event);
    return event;
  }

  /** Every event not yet acked, oldest first. */
  pending(): OutboxEvent[] {
    return [...this.events.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Removes an acked event; false when no such event is queued (an ack replayed, say). */
  ack(eventId: string): boolean {
    const event = this.events.get(eventId);
    if (!event) return false;
    rmSync(join(this.dir, fileName(event.seq)), { force: true });
    fsyncDir(this.dir);
    this.events.delete(eventId);
    return true;
  }

  /** Hands every pending event to send, in order; stops at the first refusal (no session). */
  replay(send: (event: OutboxEvent) => boolean): number {
    let sent = 0;
    for (const event of this.pending()) {
      if (!send(event)) break;
      sent += 1;
    }
    return sent;
  }

  private load(): void {
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      // A temp file is a write that never reached its rename: it was never enqueued.
      if (name.endsWith('.tmp')) {
        unlinkSync(path);
        continue;
      }
      const match = EVENT_FILE.exec(name);
      if (!match) continue;
      this.nextSeq = Math.max(this.nextSeq, Number(match[1]) + 1);
      const event = eventFile(path).readIfValid();
      if (event && event.seq === Number(match[1])) {
        this.events.set(event.id, event);
      } else {
        renameSync(path, `${path}.corrupt`);
        this.quarantined.push(`${name}.corrupt`);
      }
    }
  }
}

function fileName(seq: number): string {
  return `${String(seq).padStart(16, '0')}.json`;
}

function eventFile(path: string): JsonRecordFile<OutboxEvent> {
  return new JsonRecordFile(path, OutboxEvent);
}
