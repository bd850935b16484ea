import { AuditAction, AuditOutcome, type AuditDetail, type AuditEntry } from '../../src-shared/rest/audit.js';
import { toApiTimestamp } from '../../src-shared/time.js';
import type { AuditRow } from './audit-tables.js';

/** A stored row as `GET /v1/audit` shows it. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: toApiTimestamp(row.at),
    action: AuditAction.parse(row.action),
    outcome: AuditOutcome.parse(row.outcome),
    target: row.target,
    key_id: row.key_id,
    remote_address: row.remote_address,
    detail: JSON.parse(row.detail_json) as AuditDetail,
  };
}
