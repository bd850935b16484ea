import { formatApiKey, parseApiKey } from '../../src-shared/rest/tokens.js';
import type { ApiKeysRepository } from './api-keys-repository.js';
import type { IdFactory } from '../common/id-factory.js';
import { randomSecret, secretMatchesHash, sha256Hex } from '../common/secrets.js';

export interface ApiKeyServiceDeps {
  apiKeys: ApiKeysRepository;
  ids: IdFactory;
  now: () => number;
  /** PLANASONIX_BOOTSTRAP_API_KEY: valid while this process runs, never written to disk. */
  bootstrapKey?: string;
}

/** Minimum length of a bootstrap key, so a container cannot be started with a guessable one. */
export const BOOTSTRAP_KEY_MIN_LENGTH = 20;

/** Issues API keys (shown once, stored as a hash) and checks presented ones in constant time. */
export class ApiKeyService {
  private readonly bootstrapHash: string | null;

  constructor(private readonly deps: ApiKeyServiceDeps) {
    const { bootstrapKey } = deps;
    if (bootstrapKey !== undefined && bootstrapKey.length < BOOTSTRAP_KEY_MIN_LENGTH) {
      throw new Error(`PLANASONIX_BOOTSTRAP_API_KEY must be at least ${BOOTSTRAP_KEY_MIN_LENGTH} characters`);
    }
    this.bootstrapHash = bootstrapKey === undefined ? null : sha256Hex(bootstrapKey);
  }

  /** Returns the new key: the only time its secret exists outside the client's hands. */
  async create(name: string): Promise<string> {
    const id = this.deps.ids.apiKeyId();
    const secret = randomSecret();
    await this.deps.apiKeys.insert({ id, name, secret_hash: sha256Hex(secret), created_at: this.deps.now() });
    return formatApiKey(id, secret);
  }

  /** A first start with no key at all (and no bootstrap key) creates one; null otherwise. */
  async ensureAnyKey(): Promise<string | null> {
    if (this.bootstrapHash !== null || (await this.deps.apiKeys.count()) > 0) return null;
    return this.create('initial');
  }

  async verify(presented: string): Promise<boolean> {
    if (this.bootstrapHash !== null && secretMatchesHash(presented, this.bootstrapHash)) return true;
    const parts = parseApiKey(presented);
    if (parts === null) return false;
    const row = await this.deps.apiKeys.findById(parts.id);
    return row !== undefined && secretMatchesHash(parts.secret, row.secret_hash);
  }
}
