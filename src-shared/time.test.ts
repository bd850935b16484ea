import { describe, expect, it } from 'vitest';
import { API_TIMESTAMP_PATTERN, toApiTimestamp } from './time.js';

describe('toApiTimestamp', () => {
  it('drops milliseconds and keeps the Z suffix', () => {
    expect(toApiTimestamp(Date.UTC(2025, 2, 27, 14, 59, 30, 987))).toBe('2025-03-27T14:59:30Z');
  });

  it('always matches the published pattern', () => {
    expect(toApiTimestamp(0)).toMatch(API_TIMESTAMP_PATTERN);
  });
});
