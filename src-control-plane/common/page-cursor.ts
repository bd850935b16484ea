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
