import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

/** Checks a presented API key (the api-keys feature implements it). */
export interface ApiKeyVerifier {
  verify(presented: string): Promise<boolean>;
}

/** The onRequest hook of every /api route: it runs before the body is read, so 401 comes first. */
export function bearerAuth(apiKeys: ApiKeyVerifier) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError('unauthorized', 'Authorization: send "Bearer <api_key>"', {
        'www-authenticate': 'Bearer',
      });
    }
    if (!(await apiKeys.verify(match[1]))) {
      throw new ApiError('unauthorized', 'Authorization: the API key is not valid', {
        'www-authenticate': 'Bearer error="invalid_token"',
      });
    }
  };
}
