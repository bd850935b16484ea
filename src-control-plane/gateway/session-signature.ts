import { createPublicKey, verify } from 'node:crypto';
import { sessionSigningText } from '../../src-shared/agent-protocol/index.js';

/**
 * Checks an agent's session signature against the public key it registered at enrollment. A key or
 * signature that does not even decode is simply not a valid signature: never an exception.
 */
export function verifySessionSignature(
  publicKey: string,
  agentId: string,
  nonce: string,
  signature: string,
): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    const text = Buffer.from(sessionSigningText(agentId, nonce), 'utf8');
    return verify(null, text, key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
