import {
  ENROLL_REFUSALS,
  SESSION_PATH,
  type EnrollRefusalCode,
  type EnrollRequest,
  type EnrollResponse,
} from '../../src-shared/agent-protocol/index.js';
import { AGENT_LIMITS } from '../../src-shared/rest/agents.js';
import { ENROLLMENT_TOKEN_PATTERN } from '../../src-shared/rest/tokens.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { ApiError } from '../http/api-error.js';
import { sha256Hex } from '../common/secrets.js';
import type { EnrollmentRepository } from './enrollment-repository.js';

export type EnrollmentOutcome = 'enrolled' | EnrollRefusalCode;

export interface EnrollmentServiceDeps {
  repository: EnrollmentRepository;
  audit: AuditTrail;
  now: () => number;
  heartbeatIntervalSeconds: number;
  /** Every attempt's outcome (the metrics count them). */
  onOutcome?: (outcome: EnrollmentOutcome) => void;
}

const REFUSAL_MESSAGES: Record<EnrollRefusalCode, string> = {
  token_unknown: 'Authorization: the enrollment token is not known (send "Bearer plnx_enroll_…")',
  token_expired: 'the enrollment token has expired; ask an operator to enable the agent for a new one',
  token_used: 'the enrollment token was already redeemed',
  agent_revoked: 'the agent is revoked; an operator must enable it, which issues a new token',
};

/**
 * Redeems enrollment tokens. The token is looked up by its SHA-256 (the only form stored), and the
 * hash is kept after redemption and revocation so a second attempt can say why it fails.
 */
export class EnrollmentService {
  constructor(private readonly deps: EnrollmentServiceDeps) {}

  /**
   * Enrolls the agent holding the token, recorded in the audit trail in the same transaction; a
   * refusal is recorded too (at the trail's bounded rate), naming the agent when the token is one.
   */
  async redeem(
    authorization: string | undefined,
    request: EnrollRequest,
    remoteAddress: string,
  ): Promise<EnrollResponse> {
    const actor = { keyId: null, remoteAddress };
    let holderId: string | null = null;
    try {
      const response = await this.enroll(authorization, request, actor, (id) => (holderId = id));
      this.deps.onOutcome?.('enrolled');
      return response;
    } catch (error) {
      const code = error instanceof ApiError ? error.code : null;
      if (code !== null && isRefusal(code)) {
        this.deps.onOutcome?.(code);
        this.deps.audit.refused(actor, {
          action: 'agent.enroll_refused',
          target: holderId,
          detail: { code },
        });
      }
      throw error;
    }
  }

  private async enroll(
    authorization: string | undefined,
    request: EnrollRequest,
    actor: { keyId: null; remoteAddress: string },
    found: (agentId: string) => void,
  ): Promise<EnrollResponse> {
    const token = bearerToken(authorization);
    if (token === null) throw refusal('token_unknown');
    const hash = sha256Hex(token);
    const now = this.deps.now();
    const agentId = await this.deps.audit.change(actor, async (tx) => {
      const enrolled = await this.deps.repository.in(tx).redeem(hash, now, (row) => {
        if (row !== undefined) found(row.id);
        if (row === undefined) throw refusal('token_unknown');
        if (row.status === 'revoked') throw refusal('agent_revoked');
        if (row.status !== 'pending') throw refusal('token_used');
        if (row.token_expires_at === null || row.token_expires_at <= now) throw refusal('token_expired');
        // What the operator set wins over what the host reports under the same key.
        const metadata = {
          ...request.metadata,
          hostname: request.hostname,
          ...(JSON.parse(row.metadata_json) as Record<string, unknown>),
        };
        return {
          status: 'active',
          platform: request.platform,
          public_key: request.public_key,
          hostname: request.hostname,
          version: request.version,
          capabilities_json: JSON.stringify(request.capabilities),
          metadata_json: JSON.stringify(metadata),
          tags_json: JSON.stringify(mergedTags(JSON.parse(row.tags_json) as string[], request.tags ?? [])),
          last_seen_at: now,
          updated_at: now,
        };
      });
      // A redemption that raced this one won.
      if (enrolled === null) throw refusal('token_used');
      const detail = { hostname: request.hostname, version: request.version };
      return { result: enrolled, audit: { action: 'agent.enrolled', target: enrolled, detail } };
    });
    return {
      agent_id: agentId,
      status: 'active',
      session_url: SESSION_PATH,
      heartbeat_interval_seconds: this.deps.heartbeatIntervalSeconds,
      server_time: toApiTimestamp(now),
    };
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  const token = match?.[1];
  return token !== undefined && ENROLLMENT_TOKEN_PATTERN.test(token) ? token : null;
}

function isRefusal(code: string): code is EnrollRefusalCode {
  return Object.hasOwn(ENROLL_REFUSALS, code);
}

function refusal(code: EnrollRefusalCode): ApiError {
  const headers: Record<string, string> =
    ENROLL_REFUSALS[code] === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
  return new ApiError(code, REFUSAL_MESSAGES[code], headers);
}

/** The operator's tags first, then the host's own that are new, within the registration limit. */
function mergedTags(registered: readonly string[], reported: readonly string[]): string[] {
  return [...new Set([...registered, ...reported])].slice(0, AGENT_LIMITS.tagsMax);
}
