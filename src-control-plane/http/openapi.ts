import { z } from 'zod';
import { API_SCOPES } from '../../src-shared/rest/api-keys.js';
import { API_ERRORS, ErrorEnvelope, type ApiErrorCode } from '../../src-shared/rest/errors.js';
import { defineRoute, type Route } from './route-table.js';

type JsonSchema = Record<string, unknown>;

/** Errors any route can answer: bad framing, unknown paths and methods. */
const COMMON_ERRORS: readonly ApiErrorCode[] = ['route_not_found', 'method_not_allowed'];
const BODY_ERRORS: readonly ApiErrorCode[] = [
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
];

/** `GET /openapi.json`: the document of `routes` and of itself, built once. */
export function openApiRoute(routes: readonly Route[], version: string): Route {
  const route = defineRoute({
    method: 'GET',
    url: '/openapi.json',
    summary: 'This API, as OpenAPI 3.1',
    auth: false,
    success: { status: 200, description: 'The OpenAPI document.', schema: z.record(z.string(), z.unknown()) },
    errors: [],
    handle: () => Promise.resolve(document),
  });
  const document = buildOpenApiDocument([...routes, route], version);
  return route;
}

/** OpenAPI 3.1 from the route table: the schemas here are the ones the routes validate with. */
export function buildOpenApiDocument(routes: readonly Route[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Planasonix control plane',
      version,
      description:
        'The Pipeline agents API. Error codes: ' + errorCodeList(Object.keys(API_ERRORS) as ApiErrorCode[]),
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key, plnx_key_…, with the scope each operation lists: ' +
            API_SCOPES.join(', ') +
            ' (admin grants every scope).',
        },
      },
      schemas: { ErrorEnvelope: jsonSchema(ErrorEnvelope) },
    },
    paths,
  };
}

function operation(route: Route): JsonSchema {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const description = describe(route);
  const op: JsonSchema = {
    summary: route.summary,
    ...(description === undefined ? {} : { description }),
    // OpenAPI 3.1 lets a bearer scheme list the roles an operation needs: here, the one scope.
    ...(route.auth === false ? {} : { security: [{ bearerAuth: [route.auth.scope] }] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: responsesOf(route),
  };
  if (route.body !== undefined) {
    const required = !route.body.safeParse(undefined).success;
    const schema = route.body instanceof z.ZodOptional ? (route.body.unwrap() as z.ZodType) : route.body;
    op.requestBody = { required, content: { 'application/json': { schema: jsonSchema(schema, 'input') } } };
  }
  return op;
}

/** The route's description, ending with the scope its key needs. */
function describe(route: Route): string | undefined {
  if (route.auth === false) return route.description;
  const scope = `Needs an API key with the \`${route.auth.scope}\` scope (or \`admin\`).`;
  return route.description === undefined ? scope : `${route.description} ${scope}`;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

function responsesOf(route: Route): Record<string, JsonSchema> {
  const { status, description, schema } = route.success;
  const content = successContent(route, schema);
  const responses: Record<string, JsonSchema> = {
    [String(status)]: content === undefined ? { description } : { description, content },
  };
  if (route.alsoAnswers !== undefined) {
    const { description: also } = route.alsoAnswers;
    responses[String(route.alsoAnswers.status)] =
      content === undefined ? { description: also } : { description: also, content };
  }
  const codes = [
    ...route.errors,
    ...(route.auth === false ? [] : (['unauthorized', 'insufficient_scope'] as const)),
    ...(route.body === undefined ? [] : BODY_ERRORS),
    ...COMMON_ERRORS,
  ];
  for (const [errorStatus, group] of groupByStatus(codes)) {
    responses[errorStatus] = {
      description: errorCodeList(group),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
    };
  }
  return responses;
}

/** A file download is a binary string in each of its media types; anything else is JSON. */
function successContent(route: Route, schema: z.ZodType | undefined): JsonSchema | undefined {
  const { binary, text } = route;
  if (text !== undefined) return { [text]: { schema: { type: 'string' } } };
  if (binary !== undefined) {
    return Object.fromEntries(binary.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
  }
  return schema === undefined ? undefined : { 'application/json': { schema: jsonSchema(schema, 'output') } };
}

function groupByStatus(codes: readonly ApiErrorCode[]): Map<string, ApiErrorCode[]> {
  const groups = new Map<string, ApiErrorCode[]>();
  for (const code of new Set(codes)) {
    const key = String(API_ERRORS[code].status);
    groups.set(key, [...(groups.get(key) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

function errorCodeList(codes: readonly ApiErrorCode[]): string {
  return codes
    .map((code) => `\`${code}\` (${API_ERRORS[code].status}): ${API_ERRORS[code].description}`)
    .join(' ');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}
