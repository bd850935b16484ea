import { monotonicFactory } from 'ulid';
import { ID_PREFIX } from '../../src-shared/ids.js';

export interface IdFactory {
  agentId(): string;
  apiKeyId(): string;
  jobId(): string;
  auditId(): string;
}

/**
 * Monotonic ULIDs: ids made in the same millisecond still sort in creation order, which is what
 * keeps keyset pagination stable while agents are being added.
 */
export function createIdFactory(now: () => number = Date.now): IdFactory {
  const next = monotonicFactory();
  const make = (prefix: string) => `${prefix}${next(now()).toLowerCase()}`;
  return {
    agentId: () => make(ID_PREFIX.agent),
    apiKeyId: () => make(ID_PREFIX.apiKey),
    jobId: () => make(ID_PREFIX.job),
    auditId: () => make(ID_PREFIX.audit),
  };
}
