import { z } from 'zod';

/**
 * Unpadded base64url of an exact byte length. The last character may only carry the bits that
 * belong to the value, so every byte string has exactly one spelling (no aliasing of keys or
 * signatures through unused bits).
 */
function base64urlOfBytes(bytes: number, what: string) {
  const chars = Math.ceil((bytes * 8) / 6);
  const spareBits = chars * 6 - bytes * 8;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const lastChars = [...alphabet].filter((_, i) => i % (1 << spareBits) === 0).join('');
  const pattern = new RegExp(`^[A-Za-z0-9_-]{${chars - 1}}[${lastChars.replace('-', '\\-')}]$`);
  return z
    .string()
    .regex(pattern, `must be ${what}: ${bytes} bytes as unpadded base64url (${chars} characters)`);
}

/** An Ed25519 public key: the raw 32 bytes, base64url. */
export const Ed25519PublicKey = base64urlOfBytes(32, 'an Ed25519 public key');
/** An Ed25519 signature: 64 bytes, base64url. */
export const Ed25519Signature = base64urlOfBytes(64, 'an Ed25519 signature');
/** The server's session nonce: 32 random bytes, base64url. */
export const SessionNonce = base64urlOfBytes(32, 'a session nonce');
export const NONCE_BYTES = 32;

/** ISO-8601 UTC with a trailing Z, as every timestamp on our wires (see src-shared/time.ts). */
export const WireTimestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, {
  message: 'must be an ISO-8601 UTC timestamp ending in Z',
});
