import type { z } from 'zod';

/**
 * Text that must hold JSON of a given shape (a config file, a record on disk): the value, or an error
 * naming `what` (usually the file) and the first field that is wrong, then `hint` (what to do about
 * it). Never echoes the text, which may hold a secret.
 */
export function parseJsonAs<T>(text: string, schema: z.ZodType<T>, what: string, hint?: string): T {
  const then = hint === undefined ? '' : `; ${hint}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON${then}`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`${what}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}${then}`);
}
