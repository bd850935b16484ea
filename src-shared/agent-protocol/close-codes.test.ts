import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, describeCloseCode, type CloseName } from './close-codes.js';

describe('close codes', () => {
  it('are distinct application codes', () => {
    const codes = Object.values(CLOSE_CODES).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code >= 4000 && code <= 4999).toBe(true);
  });

  it('keep close reasons ASCII and within the 123 bytes a close frame allows', () => {
    for (const c of Object.values(CLOSE_CODES)) expect(c.reason).toMatch(/^[\x20-\x7e]{1,123}$/);
  });

  it('tell the agent to stop only where reconnecting cannot help', () => {
    const stop = (Object.keys(CLOSE_CODES) as CloseName[]).filter((n) => !CLOSE_CODES[n].retry);
    expect(stop.sort()).toEqual(['deregistered', 'protocol_too_old', 'revoked', 'superseded']);
    const wipe = (Object.keys(CLOSE_CODES) as CloseName[]).filter((n) => CLOSE_CODES[n].wipeCredentials);
    expect(wipe.sort()).toEqual(['deregistered', 'revoked']);
  });

  it('are looked up by number', () => {
    expect(describeCloseCode(4003)).toMatchObject({ name: 'revoked', retry: false, wipeCredentials: true });
    expect(describeCloseCode(1006)).toBeNull();
  });
});
