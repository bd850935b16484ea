import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/api-error.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

const id = 'agt_01jq8pr0d01abcdefghjkmnpqr';

describe('page cursor', () => {
  it('round-trips an agent id through an opaque URL-safe string', () => {
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain('agt_');
    expect(decodeCursor(cursor)).toBe(id);
  });

  it.each(['', 'not base64!', encodeCursor('agt_short'), Buffer.from(id).toString('base64url')])(
    'refuses %j as invalid_cursor',
    (bad) => {
      expect(() => decodeCursor(bad)).toThrow(ApiError);
      try {
        decodeCursor(bad);
      } catch (error) {
        expect((error as ApiError).code).toBe('invalid_cursor');
      }
    },
  );
});
