import { z } from 'zod';
import { HealthzResponse } from '../../src-shared/rest/agents.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import { buildOpenApiDocument } from './openapi.js';
import { defineRoute, type Route } from './route-table.js';

/** Unauthenticated routes: liveness (the agent's clock-skew preflight reads `time`) and the API description. */
export function systemRoutes(apiRoutes: readonly Route[], version: string, now: () => number): Route[] {
  const openApi = defineRoute({
    method: 'GET',
    url: '/openapi.json',
    summary: 'This API, as OpenAPI 3.1',
    auth: false,
    success: { status: 200, description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) },
    errors: [],
    handle: () => Promise.resolve(document),
  });
  const healthz = defineRoute({
    method: 'GET',
    url: '/healthz',
    summary: 'Liveness and server time',
    auth: false,
    success: { status: 200, description: 'The server is up.', schema: HealthzResponse },
    errors: [],
    handle: () => Promise.resolve({ status: 'ok' as const, time: toApiTimestamp(now()) }),
  });
  const routes = [healthz, openApi];
  const document = buildOpenApiDocument([...routes, ...apiRoutes], version);
  return routes;
}
