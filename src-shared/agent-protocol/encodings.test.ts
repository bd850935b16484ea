import { describe, expect, it } from 'vitest';
import { Ed25519PublicKey, Ed25519Signature, SessionNonce } from './encodings.js';
import { sessionSigningText } from './session-signature.js';

describe('base64url byte strings', () => {
  it('accept the one canonical spelling of 32 and 64 bytes', () => {
    expect(Ed25519PublicKey.safeParse(`${'A'.repeat(42)}E`).success).toBe(true);
    expect(Ed25519Signature.safeParse(`${'_'.repeat(85)}w`).success).toBe(true);
    expect(SessionNonce.safeParse(`${'-'.repeat(42)}8`).success).toBe(true);
  });

  it('refuse wrong lengths, padding, other alphabets and unused bits set', () => {
    for (const bad of [
      'A'.repeat(42),
      'A'.repeat(44),
      `${'A'.repeat(42)}=`,
      `${'A'.repeat(41)}+A`,
      `${'A'.repeat(42)}B`,
    ]) {
      expect(Ed25519PublicKey.safeParse(bad).success).toBe(false);
    }
    expect(Ed25519Signature.safeParse(`${'A'.repeat(85)}B`).success).toBe(false);
  });

  it('name what is expected in the error', () => {
    const result = Ed25519PublicKey.safeParse('short');
    expect(result.error?.issues[0]?.message).toContain('32 bytes as unpadded base64url');
  });
});

describe('sessionSigningText', () => {
  it('is domain-separated and binds agent and nonce', () => {
    expect(sessionSigningText('agt_x', 'n0nce')).toBe('planasonix-agent-session-v1\nagt_x\nn0nce');
  });
});
