import { parseArgs } from 'node:util';
import { parseReplicaId } from '../cluster/replica-id.js';
import { TrustedProxies } from '../gateway/client-address.js';
import type { EnrollmentTokenPolicy } from '../agents/agent-service.js';
import { BOOTSTRAP_KEY_MIN_LENGTH } from '../api-keys/api-key-service.js';
import { LOG_LEVELS, type LoggerLevel } from '../../src-node/logging/create-logger.js';
import { parseDatabaseUrl } from '../store/database-url.js';
import { resolveInstallerSettings, type InstallerSettings } from './installer-flags.js';
import { errorMessage } from '../../src-node/error-message.js';

/** A command line or environment the program cannot run with; the CLI prints it and exits 2. */
export class UsageError extends Error {}

export interface ServerConfig extends InstallerSettings {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL URL from --database-url (unset: SQLite under dataDir). */
  databaseUrl: string | undefined;
  logLevel: LoggerLevel;
  tokenPolicy: EnrollmentTokenPolicy;
  bootstrapApiKey: string | undefined;
  /** How often agents heartbeat; also the gateway's ping period. */
  heartbeatIntervalSeconds: number;
  /** Proxies whose X-Forwarded-For names an agent's address (IPs or CIDR ranges). */
  trustedProxies: string[];
  /** Job dispatch timing from --job-accept-timeout / --job-lease (unset: the defaults). */
  jobPolicy: { acceptTimeoutMs?: number; leaseMs?: number };
  /** --replica-id (unset: a random id per start). */
  replicaId: string | undefined;
  /** --drain-window-ms: SIGTERM closes agent sessions spread over this long. */
  drainWindowMs: number;
  /** --audit-retention-days: audit rows older than this are deleted (0 keeps them). */
  auditRetentionDays: number;
  /** --metrics-listen HOST:PORT: `GET /metrics` without a key on an address of its own. */
  metricsListen: { host: string; port: number } | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

export const SERVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info' as LoggerLevel,
  tokenTtlSeconds: 24 * 3600,
  tokenMaxTtlSeconds: 7 * 24 * 3600,
  heartbeatIntervalSeconds: 20,
  drainWindowMs: 2_000,
  auditRetentionDays: 365,
};

/** Flags win over environment variables, which win over defaults. `null` means --help. */
export function resolveServerConfig(argv: string[], env: Env, defaultDataDir: string): ServerConfig | null {
  const { values } = parseOrThrow(argv);
  if (values.help === true) return null;
  const pick = (flag: string | undefined, name: string) => flag ?? nonEmpty(env[name]);
  const tokenTtlSeconds = integer(
    '--token-ttl',
    pick(values['token-ttl'], 'PLANASONIX_ENROLLMENT_TOKEN_TTL'),
    60,
    SERVER_DEFAULTS.tokenTtlSeconds,
  );
  const tokenMaxTtlSeconds = integer(
    '--token-max-ttl',
    pick(values['token-max-ttl'], 'PLANASONIX_ENROLLMENT_TOKEN_MAX_TTL'),
    60,
    SERVER_DEFAULTS.tokenMaxTtlSeconds,
  );
  if (tokenTtlSeconds > tokenMaxTtlSeconds) {
    throw new UsageError(
      `--token-ttl (${tokenTtlSeconds}) must not exceed --token-max-ttl (${tokenMaxTtlSeconds})`,
    );
  }
  const logLevel = pick(values['log-level'], 'PLANASONIX_LOG_LEVEL') ?? SERVER_DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const trustedProxies =
    values['trusted-proxy'] ??
    nonEmpty(env.PLANASONIX_TRUSTED_PROXIES)
      ?.split(',')
      .map((p) => p.trim()) ??
    [];
  try {
    new TrustedProxies(trustedProxies);
  } catch (error) {
    throw new UsageError(`--trusted-proxy: ${firstSentence(error)}`);
  }
  const bootstrapApiKey = nonEmpty(env.PLANASONIX_BOOTSTRAP_API_KEY);
  if (bootstrapApiKey !== undefined && bootstrapApiKey.length < BOOTSTRAP_KEY_MIN_LENGTH) {
    throw new UsageError(
      `PLANASONIX_BOOTSTRAP_API_KEY must be at least ${BOOTSTRAP_KEY_MIN_LENGTH} characters`,
    );
  }
  return {
    host: pick(values.host, 'PLANASONIX_HOST') ?? SERVER_DEFAULTS.host,
    port: integer('--port', pick(values.port, 'PLANASONIX_PORT'), 0, SERVER_DEFAULTS.port, 65_535),
    dataDir: pick(values['data-dir'], 'PLANASONIX_DATA_DIR') ?? defaultDataDir,
    databaseUrl: databaseUrl(pick(values['database-url'], 'PLANASONIX_DATABASE_URL')),
    ...installerSettings(
      pick(values['release-dir'], 'PLANASONIX_RELEASE_DIR'),
      pick(values['public-url'], 'PLANASONIX_PUBLIC_URL'),
    ),
    logLevel: logLevel as LoggerLevel,
    tokenPolicy: { defaultTtlSeconds: tokenTtlSeconds, maxTtlSeconds: tokenMaxTtlSeconds },
    bootstrapApiKey,
    heartbeatIntervalSeconds: integer(
      '--heartbeat-interval',
      pick(values['heartbeat-interval'], 'PLANASONIX_HEARTBEAT_INTERVAL'),
      1,
      SERVER_DEFAULTS.heartbeatIntervalSeconds,
      3600,
    ),
    trustedProxies,
    replicaId: replicaId(pick(values['replica-id'], 'PLANASONIX_REPLICA_ID')),
    drainWindowMs: integer(
      '--drain-window-ms',
      pick(values['drain-window-ms'], 'PLANASONIX_DRAIN_WINDOW_MS'),
      0,
      SERVER_DEFAULTS.drainWindowMs,
      60_000,
    ),
    auditRetentionDays: integer(
      '--audit-retention-days',
      pick(values['audit-retention-days'], 'PLANASONIX_AUDIT_RETENTION_DAYS'),
      0,
      SERVER_DEFAULTS.auditRetentionDays,
      36_500,
    ),
    metricsListen: listenAddress(
      '--metrics-listen',
      pick(values['metrics-listen'], 'PLANASONIX_METRICS_LISTEN'),
    ),
    jobPolicy: {
      ...optionalSeconds(
        'acceptTimeoutMs',
        '--job-accept-timeout',
        pick(values['job-accept-timeout'], 'PLANASONIX_JOB_ACCEPT_TIMEOUT'),
      ),
      ...optionalSeconds('leaseMs', '--job-lease', pick(values['job-lease'], 'PLANASONIX_JOB_LEASE')),
    },
  };
}

function optionalSeconds<K extends string>(key: K, name: string, text: string | undefined) {
  if (text === undefined) return {};
  return { [key]: integer(name, text, 1, 0, 86_400) * 1000 } as Record<K, number>;
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'release-dir': { type: 'string' },
        'public-url': { type: 'string' },
        'token-ttl': { type: 'string' },
        'token-max-ttl': { type: 'string' },
        'log-level': { type: 'string' },
        'heartbeat-interval': { type: 'string' },
        'trusted-proxy': { type: 'string', multiple: true },
        'job-accept-timeout': { type: 'string' },
        'job-lease': { type: 'string' },
        'replica-id': { type: 'string' },
        'drain-window-ms': { type: 'string' },
        'audit-retention-days': { type: 'string' },
        'metrics-listen': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(firstSentence(error));
  }
}

function integer(
  name: string,
  text: string | undefined,
  min: number,
  fallback: number,
  max = 2 ** 31,
): number {
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces is never implied: `:PORT` is loopback). */
function listenAddress(name: string, text: string | undefined): { host: string; port: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port > 65_535) {
    throw new UsageError(`${name} must be HOST:PORT (like 127.0.0.1:9464 or [::1]:9464), got "${text}"`);
  }
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** node's parseArgs explains positionals after the first sentence, which only confuses here. */
export function firstSentence(error: unknown): string {
  const message = errorMessage(error);
  return message.split('. ')[0] ?? message;
}

/** A --database-url as given, once it is known to be a PostgreSQL URL; a UsageError otherwise. */
export function databaseUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    parseDatabaseUrl(text);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
  return text;
}

function replicaId(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return parseReplicaId(text);
  } catch (error) {
    throw new UsageError(`--replica-id: ${firstSentence(error)}`);
  }
}

function installerSettings(releaseDir: string | undefined, publicUrl: string | undefined) {
  try {
    return resolveInstallerSettings(releaseDir, publicUrl);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}
