import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentity, identityFromPem, identityToPem, signMessage } from './agent-identity.js';
import { FileCredentialStore } from './credential-store.js';
import { LocalStateFile } from './local-state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-identity-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('agent identity', () => {
  it('exports a raw 32-byte Ed25519 public key that verifies its signatures', () => {
    const id = generateIdentity();
    const raw = Buffer.from(id.publicKey, 'base64url');
    expect(raw).toHaveLength(32);
    const signature = signMessage(id, 'planasonix-agent-session-v1\nagt_x\nnonce');
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: id.publicKey },
      format: 'jwk',
    });
    expect(
      verify(
        null,
        Buffer.from('planasonix-agent-session-v1\nagt_x\nnonce'),
        publicKey,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    expect(verify(null, Buffer.from('other'), publicKey, Buffer.from(signature, 'base64url'))).toBe(false);
  });

  it('round-trips through PKCS8 PEM', () => {
    const id = generateIdentity();
    const pem = identityToPem(id);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(identityFromPem(pem).publicKey).toBe(id.publicKey);
  });

  it('refuses a PEM that is not an Ed25519 key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => identityFromPem(pem)).toThrow(/not an Ed25519 key/);
  });
});

describe('FileCredentialStore', () => {
  it('stores the key as a 0600 file, reads it back and wipes it', async () => {
    const store = FileCredentialStore.inDataDir(join(dir, 'nested'));
    expect(await store.read()).toBeNull();
    await store.write('PEM');
    const path = join(dir, 'nested', 'agent-key.pem');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await store.read()).toBe('PEM');
    await store.wipe();
    expect(await store.read()).toBeNull();
    await store.wipe();
  });

  it('tightens the mode even when replacing a wider file', async () => {
    const path = join(dir, 'agent-key.pem');
    await writeFile(path, 'old', { mode: 0o644 });
    await new FileCredentialStore(path).write('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('LocalStateFile', () => {
  const state = {
    agent_id: 'agt_01jq8p0000000000000000000a',
    api_host: 'https://cp.example',
    enrolled_at: '2026-11-28T15:00:00Z',
  };

  it('round-trips and never holds more than it was given', async () => {
    const file = LocalStateFile.inDataDir(dir);
    expect(file.read()).toBeNull();
    file.write(state);
    expect(file.read()).toEqual(state);
    expect(JSON.parse(await readFile(file.path, 'utf8'))).toEqual(state);
    file.remove();
    expect(file.read()).toBeNull();
  });

  it('names the file and the field when it is damaged', async () => {
    const file = LocalStateFile.inDataDir(dir);
    await writeFile(file.path, '{not json');
    expect(() => file.read()).toThrow(/agent-state\.json is not valid JSON; remove it to enroll again/);
    await writeFile(file.path, JSON.stringify({ ...state, agent_id: 'nope' }));
    expect(() => file.read()).toThrow(/agent_id/);
    await writeFile(file.path, JSON.stringify({ ...state, api_host: 'ftp://cp.example' }));
    expect(() => file.read()).toThrow(/api_host: must be an http:\/\/ or https:\/\/ URL, not ftp:/);
  });
});
