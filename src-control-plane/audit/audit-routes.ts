import { AUDIT_LIMITS, AuditEntry, ListAuditQuery } from '../../src-shared/rest/audit.js';
import { pageEnvelope } from '../../src-shared/rest/envelopes.js';
import { AUDIT_ID_PATTERN } from '../../src-shared/ids.js';
import { decodeCursor, pageOf } from '../common/page-cursor.js';
import { ApiError } from '../http/api-error.js';
import { defineRoute, type Route } from '../http/route-table.js';
import type { AuditRepository } from './audit-repository.js';
import { toAuditEntry } from './audit-views.js';

/** `GET /v1/audit`: the trail, newest first, filtered, in cursor pages. */
export function auditRoutes(repository: AuditRepository): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/audit',
      summary: 'Read the audit trail',
      description:
        'Newest first. Filters combine (all must match); since is inclusive, until exclusive. Follow ' +
        'meta.page.cursor until it is null. Rows older than the retention (--audit-retention-days) are gone.',
      auth: { scope: 'audit:read' },
      query: ListAuditQuery,
      success: { status: 200, description: 'A page of audit entries.', schema: pageEnvelope(AuditEntry) },
      errors: ['invalid_request', 'invalid_cursor'],
      handle: async ({ query }) => {
        const since = query.since === undefined ? undefined : Date.parse(query.since);
        const until = query.until === undefined ? undefined : Date.parse(query.until);
        if (Number.isNaN(since) || Number.isNaN(until)) {
          throw new ApiError(
            'invalid_request',
            `${Number.isNaN(since) ? 'since' : 'until'}: is not a real date`,
          );
        }
        if (since !== undefined && until !== undefined && since >= until) {
          throw new ApiError('invalid_request', 'until: must be after since');
        }
        const limit = query.limit ?? AUDIT_LIMITS.listDefault;
        const rows = await repository.list({
          action: query.action,
          outcome: query.outcome,
          target: query.target,
          keyId: query.key_id,
          since,
          until,
          beforeId: query.cursor === undefined ? undefined : decodeCursor(query.cursor, AUDIT_ID_PATTERN),
          limit: limit + 1,
        });
        const { page, nextCursor } = pageOf(rows, limit);
        return { data: page.map(toAuditEntry), meta: { page: { limit, cursor: nextCursor } } };
      },
    }),
  ];
}
