import { z } from 'zod';

/**
 * Timestamps on every wire are ISO-8601 UTC with whole seconds and a trailing `Z`
 * (`2025-03-27T14:59:30Z`), as the published API shows them.
 */
export function toApiTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const API_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export const ApiTimestamp = z
  .string()
  .regex(API_TIMESTAMP_PATTERN, 'must be an ISO-8601 UTC timestamp ending in Z');
