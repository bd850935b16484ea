import { AGENT_ID_PATTERN } from '../../src-shared/ids.js';
import { ApiError } from '../http/api-error.js';

/**
 * The list cursor is the last id of the page, versioned and base64url-encoded so clients treat it
 * as opaque. Keyset on the id means rows inserted while a client pages never shift its pages.
 */
const VERSION = 'v1:';

export function encodeCursor(lastId: string): string {
  return Buffer.from(`${VERSION}${lastId}`, 'utf8').toString('base64url');
}

/** `idPattern`: what a last id of this list looks like (agents by default). */
export function decodeCursor(cursor: string, idPattern: RegExp = AGENT_ID_PATTERN): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = text.startsWith(VERSION) ? text.slice(VERSION.length) : '';
  if (!idPattern.test(id)) {
    throw new ApiError('invalid_cursor', 'cursor: is not a cursor this server issued');
  }
  return id;
}

/**
 * Splits rows read with `limit + 1` into the page and the cursor of the next one (null when the
 * extra row was not there: this is the last page).
 */
export function pageOf<Row extends { id: string }>(
  rows: readonly Row[],
  limit: number,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.id) : null };
}
