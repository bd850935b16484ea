import {
  ApiKey,
  ApiKeyIdParams,
  CreateApiKeyBody,
  CreatedApiKey,
  ListApiKeysQuery,
} from '../../src-shared/rest/api-keys.js';
import { dataEnvelope, pageEnvelope } from '../../src-shared/rest/envelopes.js';
import { defineRoute, type Route } from '../http/route-table.js';
import type { ApiKeyService } from './api-key-service.js';

/** `/v1/api-keys`: only `admin` manages keys, so no key can give itself more than it has. */
export function apiKeyRoutes(keys: ApiKeyService): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/api-keys',
      summary: 'Create an API key',
      description: 'Answers the key once; only its hash is stored.',
      auth: { scope: 'admin' },
      body: CreateApiKeyBody,
      success: {
        status: 201,
        description: 'The new key, with its secret.',
        schema: dataEnvelope(CreatedApiKey),
      },
      errors: ['invalid_request'],
      handle: async ({ body, caller }) => ({ data: await keys.create(body.name, body.scopes, caller) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/api-keys',
      summary: 'List API keys',
      description:
        'Revoked keys included (revoked_at set); never a secret. Follow meta.page.cursor until it is null.',
      auth: { scope: 'admin' },
      query: ListApiKeysQuery,
      success: { status: 200, description: 'A page of keys.', schema: pageEnvelope(ApiKey) },
      errors: ['invalid_request', 'invalid_cursor'],
      handle: async ({ query }) => {
        const page = await keys.list(query);
        return { data: page.keys, meta: { page: { limit: page.limit, cursor: page.nextCursor } } };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/v1/api-keys/:id',
      summary: 'Revoke an API key',
      description:
        'The key answers 401 from now on: this replica at once, the others as soon as the cluster bus ' +
        'tells them (milliseconds). The row stays, for the list and the audit trail.',
      auth: { scope: 'admin' },
      params: ApiKeyIdParams,
      success: { status: 204, description: 'Revoked.' },
      errors: ['api_key_not_found', 'api_key_already_revoked'],
      handle: async ({ params, caller }) => {
        await keys.revoke(params.id, caller);
        return undefined;
      },
    }),
  ];
}
