import type { ApiScope } from '../../src-shared/rest/api-keys.js';

/** What a check needs of a stored key. */
export interface KnownKey {
  id: string;
  scopes: readonly ApiScope[];
  secretHash: string;
  revoked: boolean;
}

export interface VerifiedKeyCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
  /**
   * The cluster bus's delivery epoch: it changes whenever revocations from other replicas may have
   * been missed (the bus reconnected), and is null while they may be missed now, or when nobody
   * would announce one (a single SQLite process, which the CLI may change behind its back).
   */
  deliveryEpoch: () => number | null;
}

interface Entry {
  key: KnownKey;
  storedAt: number;
  epoch: number;
}

/**
 * Keys read from the database, so a request need not read its key again. An entry is trusted only
 * while the bus that announces revocations has been listening without a gap since it was stored,
 * and for at most `ttlMs`; a revocation (local or announced) removes it at once.
 */
export class VerifiedKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: VerifiedKeyCacheOptions) {}

  get(id: string): KnownKey | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    const epoch = this.options.deliveryEpoch();
    if (
      epoch === null ||
      epoch !== entry.epoch ||
      this.options.now() - entry.storedAt >= this.options.ttlMs
    ) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.key;
  }

  set(key: KnownKey): void {
    const epoch = this.options.deliveryEpoch();
    if (epoch === null) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.delete(key.id);
    this.entries.set(key.id, { key, storedAt: this.options.now(), epoch });
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
