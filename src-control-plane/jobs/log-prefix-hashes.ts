import { createHash, type Hash } from 'node:crypto';

/** SHA-256 state of a log's first `length` bytes. */
export interface PrefixHash {
  length: number;
  hash: Hash;
}

/**
 * Running SHA-256 states of recently written logs, so a result's hash check does not re-read a log
 * this process has just stored. Sound because a log is append-only and stored bytes never change:
 * a state for bytes [0, n) stays true forever, and it is only ever extended by the bytes stored at
 * exactly n. Bounded: the least recently used state is dropped, which only costs a re-read.
 */
export class LogPrefixHashes {
  private readonly states = new Map<string, PrefixHash>();

  constructor(private readonly capacity: number) {}

  /** The state for the job (a fresh one for an unknown job), now the most recently used. */
  take(jobId: string): PrefixHash {
    const state = this.states.get(jobId) ?? { length: 0, hash: createHash('sha256') };
    this.states.delete(jobId);
    this.states.set(jobId, state);
    if (this.states.size > this.capacity) {
      const oldest = this.states.keys().next();
      if (oldest.done !== true) this.states.delete(oldest.value);
    }
    return state;
  }

  /**
   * Bytes stored at `offset`: extends a known state that ends exactly there; a state that does not
   * (another replica wrote in between) is left as it is and caught up from the store when asked.
   */
  stored(jobId: string, offset: number, bytes: Uint8Array): void {
    // A log's first bytes start a state; later ones only extend one this process already has.
    const state = offset === 0 ? this.take(jobId) : this.states.get(jobId);
    if (state?.length !== offset) return;
    state.hash.update(bytes);
    state.length += bytes.length;
  }
}
