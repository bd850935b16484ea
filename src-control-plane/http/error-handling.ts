import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorEnvelope } from '../../src-shared/rest/errors.js';
import { ApiError } from './api-error.js';
import type { Route } from './route-table.js';

/**
 * Every answer that is not a success leaves through here, in the one envelope, including Fastify's
 * own errors (body limit, media type, bad URL) and unknown routes or methods.
 */
export function installErrorHandling(app: FastifyInstance, routes: readonly Route[]): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const apiError = toApiError(error);
    // A 5xx we answer on purpose (no installer configured, draining) is a condition for the operator,
    // said in one line; only an unexpected failure is an error with its stack.
    if (error instanceof ApiError) {
      if (apiError.status >= 500) request.log.warn({ code: apiError.code }, apiError.message);
    } else if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    sendError(reply, apiError);
  });

  const matchers = routes.map((route) => ({ method: route.method, pattern: urlPattern(route.url) }));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = matchers.filter((m) => m.pattern.test(path)).map((m) => m.method);
    const methods: string[] = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
    // A path the router refused (e.g. a parameter over its length limit) may still match a pattern.
    if (methods.length > 0 && !methods.includes(request.method)) {
      const allow = [...new Set(methods)].join(', ');
      sendError(
        reply,
        new ApiError('method_not_allowed', `${request.method} is not allowed here; use ${allow}`, { allow }),
      );
      return;
    }
    sendError(reply, new ApiError('route_not_found', `no route matches ${request.method} on this path`));
  });
}

/** For Fastify's `frameworkErrors` option: malformed URLs and the like, before any route runs. */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message = error.code === 'FST_ERR_BAD_URL' ? 'path: is not a valid URL' : `request: ${error.message}`;
  sendError(reply, new ApiError('invalid_request', message));
}

export function sendError(reply: FastifyReply, error: ApiError): void {
  const body: ErrorEnvelope = { error: { code: error.code, message: error.message } };
  void reply.code(error.status).headers(error.headers).send(body);
}

function toApiError(error: FastifyError | ApiError): ApiError {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'body: is larger than the server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported_media_type', 'Content-Type: must be application/json');
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad Content-Length, aborted body…): keep their status.
    return new ApiError('invalid_request', `request: ${error.message}`, {}, status);
  }
  return new ApiError('internal_error', 'the server failed to handle this request');
}

function urlPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}
