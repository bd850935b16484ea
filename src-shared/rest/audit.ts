import { z } from 'zod';
import { ApiTimestamp } from '../time.js';
import { pageLimit, PageCursor } from './page-query.js';

/**
 * What the audit trail records. A change is recorded in the same transaction as the change itself
 * (`success`); a request refused for its credential (`refused`) is recorded at a bounded rate.
 */
export const AUDIT_ACTIONS = [
  'agent.created',
  'agent.deleted',
  'agent.revoked',
  'agent.enabled',
  'agent.enrolled',
  'agent.enroll_refused',
  'job.submitted',
  'job.cancelled',
  'api_key.created',
  'api_key.revoked',
  'auth.key_refused',
  'auth.scope_refused',
] as const;

export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditOutcome = z.enum(['success', 'refused']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

export const AUDIT_LIMITS = { listDefault: 50, listMax: 500, filterMax: 200 } as const;

/** Extra facts of one entry (a revoke's reason, a refused route's scope): flat, never a secret. */
export const AuditDetail = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetail = z.infer<typeof AuditDetail>;

export const AuditEntry = z.object({
  id: z.string(),
  at: ApiTimestamp,
  action: AuditAction,
  outcome: AuditOutcome,
  target: z.string().nullable().describe('The agent, job or key acted on; for a refusal, the route.'),
  key_id: z
    .string()
    .nullable()
    .describe(
      'The API key that made the call (`bootstrap` for the bootstrap key); null for an agent or the CLI.',
    ),
  remote_address: z.string().nullable().describe('The caller’s address; null for the CLI.'),
  detail: AuditDetail,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const Filter = z
  .string()
  .min(1)
  .max(AUDIT_LIMITS.filterMax, `must be at most ${AUDIT_LIMITS.filterMax} characters`);

export const ListAuditQuery = z.object({
  action: AuditAction.optional(),
  outcome: AuditOutcome.optional(),
  target: Filter.optional().describe('Exact target: an agent, job or key id, or a refused route.'),
  key_id: Filter.optional().describe('Entries made with this key.'),
  since: ApiTimestamp.optional().describe('Entries at or after this time.'),
  until: ApiTimestamp.optional().describe('Entries before this time.'),
  limit: pageLimit(AUDIT_LIMITS.listMax),
  cursor: PageCursor,
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;
