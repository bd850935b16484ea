import { API_ERRORS, type ApiErrorCode } from '../../src-shared/rest/errors.js';

/**
 * An error a client caused, with the REST error code it maps to. Services throw it; the HTTP layer
 * turns it into the error envelope and the code's status.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Only for relaying a framework's client error whose status has no code of its own. */
    readonly status: number = API_ERRORS[code].status,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
