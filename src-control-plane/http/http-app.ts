import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { ApiKeyVerifier } from './auth.js';
import { frameworkErrorHandler, installErrorHandling } from './error-handling.js';
import { acceptOnlyJsonBodies } from './json-body.js';
import { openApiRoute } from './openapi.js';
import { registerRoutes } from './register-routes.js';
import type { Route } from './route-table.js';

export interface HttpAppDeps {
  /** Every feature's route table rows; `/openapi.json` is added, describing them and itself. */
  routes: readonly Route[];
  apiKeys: ApiKeyVerifier;
  logger: FastifyBaseLogger;
  version: string;
  bodyLimitBytes: number;
}

/** The Fastify instance with every route of the table, not yet listening. */
export function buildHttpApp(deps: HttpAppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimitBytes,
    frameworkErrors: frameworkErrorHandler,
    // Keep-alive clients must not hold a shutdown open.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  acceptOnlyJsonBodies(app);
  const routes = [...deps.routes, openApiRoute(deps.routes, deps.version)];
  installErrorHandling(app, routes);
  registerRoutes(app, routes, deps.apiKeys);
  return app;
}
