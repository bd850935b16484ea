import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AuthDeps } from './auth.js';
import { frameworkErrorHandler, installErrorHandling } from './error-handling.js';
import { acceptOnlyJsonBodies } from './json-body.js';
import { openApiRoute } from './openapi.js';
import { registerRoutes } from './register-routes.js';
import type { Route } from './route-table.js';

/** One answered request, for the HTTP metrics. */
export interface AnsweredRequest {
  method: string;
  /** The route's URL pattern (`/api/agents/:id`), or `unmatched`: ids never become label values. */
  route: string;
  status: number;
  seconds: number;
}

export interface HttpAppDeps {
  /** Every feature's route table rows; `/openapi.json` is added, describing them and itself. */
  routes: readonly Route[];
  auth: AuthDeps;
  logger: FastifyBaseLogger;
  version: string;
  bodyLimitBytes: number;
  /** Proxies (IPs or CIDR ranges) whose X-Forwarded-For names the caller's address. */
  trustedProxies?: readonly string[];
  onAnswered?: (request: AnsweredRequest) => void;
}

/**
 * Ids in paths are checked by the routes (an id that is not ours is a 404 of its kind); the router's
 * default 100-character cap on a parameter would answer a longer one as an unknown route instead.
 */
const MAX_PARAM_LENGTH = 8 * 1024;

/** The Fastify instance with every route of the table, not yet listening. */
export function buildHttpApp(deps: HttpAppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimitBytes,
    frameworkErrors: frameworkErrorHandler,
    // Keep-alive clients must not hold a shutdown open.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    maxParamLength: MAX_PARAM_LENGTH,
    ...(deps.trustedProxies !== undefined && deps.trustedProxies.length > 0
      ? { trustProxy: [...deps.trustedProxies] }
      : {}),
  });
  acceptOnlyJsonBodies(app);
  const routes = [...deps.routes, openApiRoute(deps.routes, deps.version)];
  installErrorHandling(app, routes);
  registerRoutes(app, routes, deps.auth);
  const { onAnswered } = deps;
  if (onAnswered !== undefined) {
    app.addHook('onResponse', (request, reply, done) => {
      onAnswered({
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        seconds: reply.elapsedTime / 1000,
      });
      done();
    });
  }
  return app;
}
