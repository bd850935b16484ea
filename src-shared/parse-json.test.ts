import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseJsonAs } from './parse-json.js';

const Shape = z.object({ a: z.object({ b: z.number() }) });

describe('parseJsonAs', () => {
  it('returns the value when the text holds the shape', () => {
    expect(parseJsonAs('{"a":{"b":1}}', Shape, 'f.json')).toEqual({ a: { b: 1 } });
  });

  it('names the file and the first wrong field, then the hint', () => {
    expect(() => parseJsonAs('{"a":{"b":"x"}}', Shape, 'f.json', 'remove it')).toThrow(
      /^f\.json: a\.b: .+; remove it$/,
    );
  });

  it('says the text is not JSON without echoing it', () => {
    expect(() => parseJsonAs('{plnx_enroll_secret', Shape, 'f.json')).toThrow(/^f\.json is not valid JSON$/);
  });
});
