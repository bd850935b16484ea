import type { Migration, MigrationProvider } from 'kysely';
import { agentsAndApiKeys } from './0001-agents-and-api-keys.js';
import { agentLastErrorAt } from './0002-agent-last-error-at.js';
import { jobs } from './0003-jobs.js';
import { jobLogs } from './0004-job-logs.js';
import { clusterSessions } from './0005-cluster-sessions.js';
import { apiKeyScopes } from './0006-api-key-scopes.js';
import { auditEvents } from './0007-audit-events.js';

/**
 * Every schema migration, oldest first. A new migration is a new file appended here; names sort in
 * the order they must run (Kysely's Migrator orders by name and refuses a gap in history).
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001-agents-and-api-keys', agentsAndApiKeys],
  ['0002-agent-last-error-at', agentLastErrorAt],
  ['0003-jobs', jobs],
  ['0004-job-logs', jobLogs],
  ['0005-cluster-sessions', clusterSessions],
  ['0006-api-key-scopes', apiKeyScopes],
  ['0007-audit-events', auditEvents],
];

export const inCodeMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(Object.fromEntries(MIGRATIONS)),
};
