import { z } from 'zod';

/** `limit` of a list query: a whole number from 1 to `max` (the query string carries it as text). */
export function pageLimit(max: number) {
  return z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`)
    .optional();
}

/** `cursor` of a list query: the opaque `meta.page.cursor` of the page before. */
export const PageCursor = z
  .string()
  .max(200, 'must be at most 200 characters')
  .optional()
  .describe('meta.page.cursor of the previous page.');
