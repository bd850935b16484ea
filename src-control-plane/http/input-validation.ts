import type { z } from 'zod';
import { ApiError } from './api-error.js';

type Issue = z.core.$ZodIssue;

/** Parses one part of a request; a failure is a 400 whose message names every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const messages = result.error.issues.flatMap((issue) => describeIssue(issue, part, value));
  throw new ApiError('invalid_request', messages.join('; '));
}

function describeIssue(issue: Issue, part: string, input: unknown): string[] {
  const field = fieldName(issue.path, part);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${fieldName([...issue.path, key], part)}: is not a known field`);
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return [`${field}: is required`];
      return [`${field}: ${isDefault(issue.message) ? `must be ${article(issue.expected)}` : issue.message}`];
    case 'invalid_value':
      return [`${field}: must be one of ${issue.values.map(String).join(', ')}`];
    case 'too_big':
      return [
        `${field}: ${isDefault(issue.message) ? `must be at most ${String(issue.maximum)}${unit(issue.origin)}` : issue.message}`,
      ];
    case 'too_small':
      if (isDefault(issue.message) && issue.origin === 'string' && issue.minimum === 1) {
        return [`${field}: must not be empty`];
      }
      return [
        `${field}: ${isDefault(issue.message) ? `must be at least ${String(issue.minimum)}${unit(issue.origin)}` : issue.message}`,
      ];
    case 'invalid_format':
      return [`${field}: ${issue.message.replace(/^Invalid string: /, 'must match ')}`];
    default:
      return [`${field}: ${issue.message.replace(/^Invalid input: /, '')}`];
  }
}

function fieldName(path: readonly PropertyKey[], part: string): string {
  if (path.length === 0) return part;
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** True for zod's own wording, which is replaced; a message written in a schema is kept. */
function isDefault(message: string): boolean {
  return /^(Too (big|small)|Invalid input):/.test(message);
}

function unit(origin: string): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
