import type { HostApiClient } from '../../src-shared/host-api/client.js';

/** What a slice may touch: its own part of the store, and the host API. */
export interface SliceApi<S> {
  set: (partial: Partial<S> | ((state: S) => Partial<S>)) => void;
  get: () => S;
  client: HostApiClient;
  now: () => number;
}

/** A failure as the UI shows it: the host API error code when there is one, and plain words. */
export interface UiError {
  code: string;
  message: string;
}

export function toUiError(error: unknown): UiError {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'internal';
    return { code, message: String(error.message) };
  }
  return { code: 'internal', message: String(error) };
}
