import { z } from 'zod';

/** `{ "data": … }`, the envelope of every successful JSON answer. */
export function dataEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ data });
}

/** A page of a list: `cursor` is opaque and null on the last page. */
export const PageMeta = z.object({
  page: z.object({ limit: z.number().int(), cursor: z.string().nullable() }),
});

export function pageEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: PageMeta });
}
