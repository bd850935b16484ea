import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './embedded-postgres-server.js';
import './postgres-databases.js';

/** Global setup of the `integration-postgres` project: one server for the run, one database per test. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide('postgresAdminUrl', server.adminUrl);
  project.provide('postgresDataDir', server.dataDir);
  return () => server.stop();
}
