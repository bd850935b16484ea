import { z } from 'zod';

/**
 * Every error the REST API answers, with its HTTP status. Clients branch on `code` (stable,
 * snake_case); `message` is for humans and names the offending field where there is one.
 */
export const API_ERRORS = {
  invalid_request: { status: 400, description: 'A parameter, query field or body field is invalid.' },
  invalid_cursor: { status: 400, description: 'The pagination cursor was not issued by this server.' },
  malformed_json: { status: 400, description: 'The body is not valid JSON.' },
  unauthorized: { status: 401, description: 'The API key is missing, malformed, unknown or revoked.' },
  token_unknown: {
    status: 401,
    description: 'Enrollment: the token is missing, malformed or matches no agent.',
  },
  agent_revoked: {
    status: 403,
    description: 'Enrollment or installer: the agent is revoked; enable it for a new token.',
  },
  insufficient_scope: {
    status: 403,
    description: 'The API key lacks the scope this route needs (the message and WWW-Authenticate name it).',
  },
  agent_not_found: { status: 404, description: 'No agent has this id (or it was deregistered).' },
  job_not_found: { status: 404, description: 'No job has this id.' },
  api_key_not_found: { status: 404, description: 'No API key has this id.' },
  route_not_found: { status: 404, description: 'No route has this path.' },
  method_not_allowed: { status: 405, description: 'The path exists but not with this method; see Allow.' },
  agent_already_revoked: { status: 409, description: 'Revoke was asked for an agent already revoked.' },
  agent_not_revoked: { status: 409, description: 'Enable was asked for an agent that is not revoked.' },
  api_key_already_revoked: { status: 409, description: 'Revoke was asked for an API key already revoked.' },
  token_used: { status: 409, description: 'Enrollment: the token was already redeemed.' },
  job_finished: { status: 409, description: 'Cancel was asked for a job that has already ended.' },
  token_expired: { status: 410, description: 'Enrollment: the token is past its token_expires_at.' },
  payload_too_large: { status: 413, description: 'The body is larger than the server accepts.' },
  range_not_satisfiable: {
    status: 416,
    description: 'Logs: the Range starts past the end of the output (see Content-Range).',
  },
  unsupported_media_type: {
    status: 415,
    description: 'A body was sent with a Content-Type other than JSON.',
  },
  internal_error: { status: 500, description: 'A bug in the server; the request may not have completed.' },
  installer_unavailable: {
    status: 503,
    description:
      'Installer: no package for this platform in the release folder, or no public URL install commands can carry (the message says which).',
  },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const ErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
