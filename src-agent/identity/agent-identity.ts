import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** The agent's Ed25519 key pair: the public half is registered at enrollment, the private half signs nonces. */
export interface AgentIdentity {
  privateKey: KeyObject;
  /** Raw 32-byte Ed25519 public key, base64url, as the enrollment request carries it. */
  publicKey: string;
}

function rawPublicKey(privateKey: KeyObject): string {
  const jwk = privateKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('the stored agent key is not an Ed25519 key');
  }
  // A JWK's `x` is exactly the raw public key in base64url.
  return jwk.x;
}

export function generateIdentity(): AgentIdentity {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: rawPublicKey(privateKey) };
}

export function identityFromPem(privateKeyPem: string): AgentIdentity {
  const privateKey = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  return { privateKey, publicKey: rawPublicKey(privateKey) };
}

export function identityToPem(identity: AgentIdentity): string {
  return identity.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Ed25519 signs the message itself (no pre-hash), hence the null algorithm. */
export function signMessage(identity: AgentIdentity, message: string): string {
  return sign(null, Buffer.from(message, 'utf8'), identity.privateKey).toString('base64url');
}
