import type { FastifyInstance } from 'fastify';
import { bearerAuth, type ApiKeyVerifier } from './auth.js';
import { parseInput } from './input-validation.js';
import type { Route } from './route-table.js';

/** Registers each row of the route table: auth first, then params, query and body, then the handler. */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly Route[],
  apiKeys: ApiKeyVerifier,
): void {
  const authenticate = bearerAuth(apiKeys);
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.auth ? { onRequest: authenticate } : {}),
      handler: async (request, reply) => {
        const input = {
          params: route.params === undefined ? undefined : parseInput(route.params, request.params, 'path'),
          query: route.query === undefined ? undefined : parseInput(route.query, request.query, 'query'),
          body: route.body === undefined ? undefined : parseInput(route.body, request.body, 'body'),
          request,
          reply,
        };
        const result = await route.handle(input);
        if (route.alsoAnswers?.status !== reply.statusCode) void reply.code(route.success.status);
        return route.success.status === 204 ? reply.send() : result;
      },
    });
  }
}
