import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate, type AuthDeps, type Caller } from './auth.js';
import { parseInput } from './input-validation.js';
import type { Route } from './route-table.js';

/** Registers each row of the route table: auth first, then params, query and body, then the handler. */
export function registerRoutes(app: FastifyInstance, routes: readonly Route[], auth: AuthDeps): void {
  const callers = new WeakMap<FastifyRequest, Caller>();
  for (const route of routes) {
    const { auth: needs } = route;
    app.route({
      method: route.method,
      url: route.url,
      ...(needs === false
        ? {}
        : {
            onRequest: async (request: FastifyRequest) => {
              const name = `${route.method} ${route.url}`;
              callers.set(request, await authenticate(auth, request, name, needs.scope));
            },
          }),
      handler: async (request, reply) => {
        const input = {
          params: route.params === undefined ? undefined : parseInput(route.params, request.params, 'path'),
          query: route.query === undefined ? undefined : parseInput(route.query, request.query, 'query'),
          body: route.body === undefined ? undefined : parseInput(route.body, request.body, 'body'),
          caller: callers.get(request) ?? { keyId: null, remoteAddress: request.ip },
          request,
          reply,
        };
        const result = await route.handle(input);
        if (route.alsoAnswers?.status !== reply.statusCode) void reply.code(route.success.status);
        if (route.text !== undefined) void reply.type(route.text);
        return route.success.status === 204 ? reply.send() : result;
      },
    });
  }
}
