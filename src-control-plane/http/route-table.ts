import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiScope } from '../../src-shared/rest/api-keys.js';
import type { ApiErrorCode } from '../../src-shared/rest/errors.js';
import type { Caller } from './auth.js';

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  request: FastifyRequest;
  /** The key that passed the route's check (keyId null on a route without one) and the peer address. */
  caller: Caller;
  /** For a route that answers something other than JSON (a stream): it hijacks the reply. */
  reply: FastifyReply;
}

/**
 * One row of the route table. The same row registers the Fastify route, validates its input and
 * describes it in /openapi.json, so the three cannot disagree.
 */
export interface RouteSpec<P, Q, B, R> {
  method: HttpMethod;
  /** Fastify syntax (`/api/agents/:id`); OpenAPI's `{id}` is derived. */
  url: string;
  summary: string;
  description?: string;
  /**
   * `{ scope }`: needs `Authorization: Bearer <api_key>` with that scope (or `admin`); false: no API
   * key (public, or another credential the handler checks).
   */
  auth: false | { scope: ApiScope };
  params?: P;
  query?: Q;
  /** A schema that accepts `undefined` makes the body optional (an empty body is then fine). */
  body?: B;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: R };
  /**
   * A second status the handler may answer with the same body schema (it sets it on the reply):
   * readiness answers 503 with the same JSON as its 200.
   */
  alsoAnswers?: { status: 503; description: string };
  /** The error codes this route can answer beyond the ones every route can (documentation). */
  errors: readonly ApiErrorCode[];
  /** Media types of a success body that is a file rather than JSON (no envelope; /openapi.json). */
  binary?: readonly string[];
  /** The media type of a success body that is text rather than JSON (the handler answers a string). */
  text?: string;
  handle(input: RouteInput<P, Q, B>): Promise<Out<R>>;
}

export type Route = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined, Schema | undefined>;

/** Keeps each row's handler typed against its own schemas, then erases it to sit in one table. */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B, R>): Route {
  // `handle` is declared as a method, so its parameter is bivariant and the row widens as it is.
  return spec;
}
