import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';
import type { ApiKeyService } from '../services/api-key-service.js';

/** The onRequest hook of every /api route: it runs before the body is read, so 401 comes first. */
export function bearerAuth(apiKeys: ApiKeyService) {
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
