import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sessionSigningText } from '../../src-shared/agent-protocol/index.js';
import { verifySessionSignature } from './session-signature.js';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x;
  if (raw === undefined) throw new Error('no raw key');
  return { raw, privateKey };
}

const agentId = 'agt_01jq8p4d01aaaaaaaaaaaaaaaa';
const nonce = 'n'.repeat(43);

describe('verifySessionSignature', () => {
  it('accepts the signature of the registered key over this nonce', () => {
    const { raw, privateKey } = keyPair();
    const signature = sign(null, Buffer.from(sessionSigningText(agentId, nonce)), privateKey);
    expect(verifySessionSignature(raw, agentId, nonce, signature.toString('base64url'))).toBe(true);
  });

  it('refuses another key, another nonce, another agent id, and garbage', () => {
    const mine = keyPair();
    const other = keyPair();
    const signature = sign(null, Buffer.from(sessionSigningText(agentId, nonce)), mine.privateKey);
    const b64 = signature.toString('base64url');
    expect(verifySessionSignature(other.raw, agentId, nonce, b64)).toBe(false);
    expect(verifySessionSignature(mine.raw, agentId, 'm'.repeat(43), b64)).toBe(false);
    expect(verifySessionSignature(mine.raw, 'agt_01jq8p4d01bbbbbbbbbbbbbbbb', nonce, b64)).toBe(false);
    expect(verifySessionSignature('not a key', agentId, nonce, b64)).toBe(false);
    expect(verifySessionSignature(mine.raw, agentId, nonce, 'AAAA')).toBe(false);
  });
});
