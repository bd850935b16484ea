import { EnrollRequest, EnrollResponse, ENROLL_PATH } from '../../src-shared/agent-protocol/index.js';
import { dataEnvelope } from '../../src-shared/rest/envelopes.js';
import { defineRoute, type Route } from '../http/route-table.js';
import type { EnrollmentService } from './enrollment-service.js';

/** The agent-facing enrollment route; its credential is the enrollment token, not an API key. */
export function enrollmentRoutes(enrollment: EnrollmentService): Route[] {
  return [
    defineRoute({
      method: 'POST',
      url: ENROLL_PATH,
      summary: 'Redeem an enrollment token (agents)',
      description:
        'Authorization: Bearer plnx_enroll_… (the one-time token, not an API key). Registers the ' +
        "agent's Ed25519 public key and makes it active. Refusals: token_unknown 401, agent_revoked " +
        '403, token_used 409, token_expired 410.',
      auth: false,
      body: EnrollRequest,
      success: { status: 200, description: 'Enrolled.', schema: dataEnvelope(EnrollResponse) },
      errors: ['invalid_request', 'token_unknown', 'agent_revoked', 'token_used', 'token_expired'],
      handle: async ({ body, request, caller }) => ({
        data: await enrollment.redeem(request.headers.authorization, body, caller.remoteAddress),
      }),
    }),
  ];
}
