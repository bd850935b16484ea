import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { ApiError } from './api-error.js';

/**
 * JSON is the only body type. Fastify's own JSON parser refuses an empty body, but revoke and enable
 * take an optional one, so an empty body reaches the route as `undefined` and the route's schema
 * decides. Any other Content-Type is left without a parser, which Fastify answers with 415.
 * `__proto__` and `constructor.prototype` keys are refused outright (prototype poisoning).
 */
export function acceptOnlyJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(
        null,
        secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' }) as unknown,
      );
    } catch {
      done(poisonedOrMalformed(text), undefined);
    }
  });
}

/** secure-json-parse throws the same SyntaxError for both; plain JSON.parse tells them apart. */
function poisonedOrMalformed(text: string): ApiError {
  try {
    JSON.parse(text);
  } catch {
    return new ApiError('malformed_json', 'body: is not valid JSON');
  }
  return new ApiError(
    'invalid_request',
    'body: must not contain "__proto__" or "constructor.prototype" keys',
  );
}
