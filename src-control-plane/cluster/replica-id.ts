import { randomBytes } from 'node:crypto';

const REPLICA_ID = /^[A-Za-z0-9_.-]{1,40}$/;

/** Names every dedicated connection of a replica (PostgreSQL keeps 63 bytes of it: this fits). */
export const REPLICA_APPLICATION_PREFIX = 'plnx-replica:';

export function replicaApplicationName(replicaId: string): string {
  return `${REPLICA_APPLICATION_PREFIX}${replicaId}`;
}

/** A fresh id for this process (`rpl_` and 16 random base64url characters). */
export function newReplicaId(): string {
  return `rpl_${randomBytes(12).toString('base64url')}`;
}

/** A replica id given by an operator, or an error that says what is allowed. */
export function parseReplicaId(text: string): string {
  if (!REPLICA_ID.test(text)) {
    throw new Error(`a replica id is 1 to 40 letters, digits, "_", "." or "-", got "${text}"`);
  }
  return text;
}
