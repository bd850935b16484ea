/**
 * Secret formats of the REST API. Both carry a recognisable prefix so that secret scanners and
 * humans can tell what leaked; the random part is base64url of 32 bytes (43 characters).
 */
const SECRET_BODY = '[A-Za-z0-9_-]{43}';
const ULID_BODY = '[0-9a-hjkmnp-tv-z]{26}';

export const ENROLLMENT_TOKEN_PREFIX = 'plnx_enroll_';
export const ENROLLMENT_TOKEN_PATTERN = new RegExp(`^${ENROLLMENT_TOKEN_PREFIX}${SECRET_BODY}$`);

/** The first whole enrollment token inside other text (a pasted command line, a JSON snippet), or null. */
export function findEnrollmentToken(text: string): string | null {
  const found = new RegExp(
    `(?<![A-Za-z0-9_-])${ENROLLMENT_TOKEN_PREFIX}${SECRET_BODY}(?![A-Za-z0-9_-])`,
  ).exec(text);
  return found?.[0] ?? null;
}

/**
 * API keys read `plnx_key_<ulid>_<secret>`: the server looks the key up by its id and compares only
 * the hash of the secret, so a lookup never depends on the secret itself.
 */
export const API_KEY_PREFIX = 'plnx_key_';
export const API_KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}(${ULID_BODY})_(${SECRET_BODY})$`);

export interface ApiKeyParts {
  /** The stored key id, `key_<ulid>`. */
  id: string;
  secret: string;
}

export function formatApiKey(id: string, secret: string): string {
  return `${API_KEY_PREFIX}${id.replace(/^key_/, '')}_${secret}`;
}

export function parseApiKey(key: string): ApiKeyParts | null {
  const match = API_KEY_PATTERN.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { id: `key_${match[1]}`, secret: match[2] };
}
