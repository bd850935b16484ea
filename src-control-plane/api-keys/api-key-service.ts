import type { Logger } from 'pino';
import { API_KEY_ID_PATTERN } from '../../src-shared/ids.js';
import {
  API_KEY_LIMITS,
  ApiScope,
  type ApiKey,
  type ApiScope as Scope,
  type CreatedApiKey,
} from '../../src-shared/rest/api-keys.js';
import { formatApiKey, parseApiKey } from '../../src-shared/rest/tokens.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import type { AuditActor, AuditTrail } from '../audit/audit-trail.js';
import type { IdFactory } from '../common/id-factory.js';
import { decodeCursor, pageOf } from '../common/page-cursor.js';
import { randomSecret, secretMatchesHash, sha256Hex } from '../common/secrets.js';
import { ApiError } from '../http/api-error.js';
import type { KeyCheck } from '../http/auth.js';
import type { ApiKeyRow } from '../store/schema.js';
import type { ApiKeyEventBus } from './api-key-events.js';
import type { ApiKeysRepository } from './api-keys-repository.js';
import { VerifiedKeyCache, type KnownKey } from './verified-key-cache.js';

export interface ApiKeyServiceDeps {
  apiKeys: ApiKeysRepository;
  audit: AuditTrail;
  ids: IdFactory;
  now: () => number;
  /** Revocations are announced here after they commit (the cluster relays them to other replicas). */
  events?: ApiKeyEventBus;
  /** The cluster bus's delivery epoch (see VerifiedKeyCache); unset: keys are read on every check. */
  deliveryEpoch?: () => number | null;
  log?: Pick<Logger, 'warn'>;
  /** PLANASONIX_BOOTSTRAP_API_KEY: valid while this process runs, never written to disk. */
  bootstrapKey?: string;
}

/** Minimum length of a bootstrap key, so a container cannot be started with a guessable one. */
export const BOOTSTRAP_KEY_MIN_LENGTH = 20;

/** The audit trail's name for the bootstrap key, which has no row. */
export const BOOTSTRAP_KEY_ID = 'bootstrap';

/** A key's last use is written at most this often (per key, per replica). */
const LAST_USED_EVERY_MS = 60_000;
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

export interface ApiKeyPage {
  keys: ApiKey[];
  limit: number;
  nextCursor: string | null;
}

/**
 * API keys: issued with scopes (the secret shown once, stored as a SHA-256), listed without
 * secrets, revoked at once, and checked in constant time. The first key and the bootstrap key are
 * `admin`.
 */
export class ApiKeyService {
  private readonly bootstrapHash: string | null;
  private readonly cache: VerifiedKeyCache;
  private readonly touchedAt = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: ApiKeyServiceDeps) {
    const { bootstrapKey } = deps;
    if (bootstrapKey !== undefined && bootstrapKey.length < BOOTSTRAP_KEY_MIN_LENGTH) {
      throw new Error(`PLANASONIX_BOOTSTRAP_API_KEY must be at least ${BOOTSTRAP_KEY_MIN_LENGTH} characters`);
    }
    this.bootstrapHash = bootstrapKey === undefined ? null : sha256Hex(bootstrapKey);
    this.cache = new VerifiedKeyCache({
      ttlMs: CACHE_TTL_MS,
      maxEntries: CACHE_MAX_ENTRIES,
      now: deps.now,
      deliveryEpoch: deps.deliveryEpoch ?? (() => null),
    });
    deps.events?.on('api_key.revoked', (event) => this.cache.forget(event.keyId));
  }

  /** Answers the new key with its secret: the only time the secret exists outside the client's hands. */
  async create(name: string, scopes: readonly Scope[], actor: AuditActor): Promise<CreatedApiKey> {
    const id = this.deps.ids.apiKeyId();
    const secret = randomSecret();
    const now = this.deps.now();
    const row = {
      id,
      name,
      secret_hash: sha256Hex(secret),
      created_at: now,
      scopes_json: JSON.stringify(scopes),
      last_used_at: null,
      revoked_at: null,
    };
    await this.deps.audit.change(actor, async (tx) => {
      await this.deps.apiKeys.in(tx).insert(row);
      return {
        result: undefined,
        audit: { action: 'api_key.created', target: id, detail: { name, scopes: scopes.join(' ') } },
      };
    });
    return { ...toApiKey(row), key: formatApiKey(id, secret) };
  }

  /** A first start with no key at all (and no bootstrap key) creates an `admin` one; null otherwise. */
  async ensureAnyKey(): Promise<string | null> {
    if (this.bootstrapHash !== null || (await this.deps.apiKeys.count()) > 0) return null;
    const created = await this.create('initial', ['admin'], { keyId: null, remoteAddress: null });
    return created.key;
  }

  async list(query: { limit?: number; cursor?: string }): Promise<ApiKeyPage> {
    const limit = query.limit ?? API_KEY_LIMITS.listDefault;
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, API_KEY_ID_PATTERN);
    const rows = await this.deps.apiKeys.list(afterId, limit + 1);
    const { page, nextCursor } = pageOf(rows, limit);
    return { keys: page.map(toApiKey), limit, nextCursor };
  }

  /** Revokes the key in the database and tells every replica (which stop accepting it at once). */
  async revoke(id: string, actor: AuditActor): Promise<void> {
    if (!API_KEY_ID_PATTERN.test(id)) throw notFound(id);
    await this.deps.audit.change(actor, async (tx) => {
      const keys = this.deps.apiKeys.in(tx);
      if (!(await keys.revoke(id, this.deps.now()))) {
        if ((await keys.findById(id)) === undefined) throw notFound(id);
        throw new ApiError('api_key_already_revoked', `API key ${id} is already revoked`);
      }
      return { result: undefined, audit: { action: 'api_key.revoked', target: id } };
    });
    this.cache.forget(id);
    this.deps.events?.emit({ type: 'api_key.revoked', keyId: id });
  }

  async verify(presented: string): Promise<KeyCheck> {
    if (this.bootstrapHash !== null && secretMatchesHash(presented, this.bootstrapHash)) {
      return { ok: true, key: { id: BOOTSTRAP_KEY_ID, scopes: ['admin'] } };
    }
    const parts = parseApiKey(presented);
    if (parts === null) return { ok: false, claimedId: null };
    const known = await this.known(parts.id);
    if (known === undefined || known.revoked || !secretMatchesHash(parts.secret, known.secretHash)) {
      return { ok: false, claimedId: parts.id };
    }
    this.noteUse(known.id);
    return { ok: true, key: { id: known.id, scopes: known.scopes } };
  }

  /** Waits for last-use writes still in flight (before the store closes). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async known(id: string): Promise<KnownKey | undefined> {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const row = await this.deps.apiKeys.findById(id);
    if (row === undefined) return undefined;
    const key = { id, scopes: scopesOf(row), secretHash: row.secret_hash, revoked: row.revoked_at !== null };
    this.cache.set(key);
    return key;
  }

  private noteUse(id: string): void {
    const now = this.deps.now();
    if (now - (this.touchedAt.get(id) ?? -Infinity) < LAST_USED_EVERY_MS) return;
    this.touchedAt.set(id, now);
    const write = this.deps.apiKeys
      .touch(id, now)
      .catch((error: unknown) => this.deps.log?.warn({ err: error, keyId: id }, 'recording a key use failed'))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }
}

function scopesOf(row: Pick<ApiKeyRow, 'scopes_json'>): Scope[] {
  return ApiScope.array().parse(JSON.parse(row.scopes_json));
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row),
    created_at: toApiTimestamp(row.created_at),
    last_used_at: row.last_used_at === null ? null : toApiTimestamp(row.last_used_at),
    revoked_at: row.revoked_at === null ? null : toApiTimestamp(row.revoked_at),
  };
}

function notFound(id: string): ApiError {
  return new ApiError('api_key_not_found', `no API key with id ${id}`);
}
