import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { enrollmentRoutes } from '../enrollment/enrollment-routes.js';
import type { EnrollmentService } from '../enrollment/enrollment-service.js';
import type { AgentService } from '../agents/agent-service.js';
import type { ApiKeyService } from '../api-keys/api-key-service.js';
import { agentRoutes } from '../agents/agent-routes.js';
import { frameworkErrorHandler, installErrorHandling } from './error-handling.js';
import { acceptOnlyJsonBodies } from './json-body.js';
import { registerRoutes } from './register-routes.js';
import type { Route } from './route-table.js';
import { systemRoutes, type SystemRoutesDeps } from './system-routes.js';

export interface HttpAppDeps {
  agents: AgentService;
  enrollment: EnrollmentService;
  apiKeys: ApiKeyService;
  logger: FastifyBaseLogger;
  version: string;
  now: () => number;
  bodyLimitBytes: number;
  /** Route families wired outside this folder (the jobs API). */
  extraRoutes?: readonly Route[];
  replicaId: string;
  role: SystemRoutesDeps['role'];
  readiness: SystemRoutesDeps['readiness'];
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
  const apiRoutes = [
    ...agentRoutes(deps.agents),
    ...enrollmentRoutes(deps.enrollment),
    ...(deps.extraRoutes ?? []),
  ];
  const system = systemRoutes(apiRoutes, {
    version: deps.version,
    now: deps.now,
    replicaId: deps.replicaId,
    role: deps.role,
    readiness: deps.readiness,
  });
  const routes = [...system, ...apiRoutes];
  installErrorHandling(app, routes);
  registerRoutes(app, routes, deps.apiKeys);
  return app;
}
