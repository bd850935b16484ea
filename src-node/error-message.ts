/**
 * The text of anything thrown, for a log line or a message to a person. An `Error` gives its message
 * (an AggregateError with none, as a dual-stack connect refused on both addresses throws, gives its
 * inner messages); a thrown string is itself; anything else is converted.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const inner = error.errors.map(errorMessage).filter((text) => text !== '');
    return inner.length > 0 ? [...new Set(inner)].join('; ') : error.name;
  }
  if (error instanceof Error) return error.message === '' ? error.name : error.message;
  return String(error);
}

/** The `code` of a Node system error (ENOENT, ESRCH, ...), when the thrown value carries one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
