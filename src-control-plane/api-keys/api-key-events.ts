import type { EventBus } from '../common/event-bus.js';

/** Emitted after a revocation commits: every replica drops the key from its cache at once. */
export type ApiKeyEvent = { type: 'api_key.revoked'; keyId: string };

export type ApiKeyEventBus = EventBus<ApiKeyEvent>;
