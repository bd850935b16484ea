import { describe, expect, it } from 'vitest';
import { resolveServerConfig, SERVER_DEFAULTS, UsageError } from './server-config.js';

const resolve = (argv: string[], env: Record<string, string> = {}) =>
  resolveServerConfig(argv, env, '/default/dir');

describe('resolveServerConfig', () => {
  it('uses the defaults with no flags and no environment', () => {
    expect(resolve([])).toMatchObject({
      host: '127.0.0.1',
      port: SERVER_DEFAULTS.port,
      dataDir: '/default/dir',
      logLevel: 'info',
      tokenPolicy: { defaultTtlSeconds: 86_400, maxTtlSeconds: 604_800 },
      bootstrapApiKey: undefined,
    });
  });

  it('reads every setting from the environment, and flags win over it', () => {
    const env = {
      PLANASONIX_HOST: '::1',
      PLANASONIX_PORT: '9000',
      PLANASONIX_DATA_DIR: '/env/dir',
      PLANASONIX_LOG_LEVEL: 'warn',
      PLANASONIX_ENROLLMENT_TOKEN_TTL: '600',
      PLANASONIX_ENROLLMENT_TOKEN_MAX_TTL: '1200',
      PLANASONIX_BOOTSTRAP_API_KEY: 'k'.repeat(20),
    };
    expect(resolve([], env)).toMatchObject({
      host: '::1',
      port: 9000,
      dataDir: '/env/dir',
      logLevel: 'warn',
      tokenPolicy: { defaultTtlSeconds: 600, maxTtlSeconds: 1200 },
      bootstrapApiKey: 'k'.repeat(20),
    });
    expect(resolve(['--port', '0', '--data-dir', '/flag/dir', '--token-ttl', '900'], env)).toMatchObject({
      port: 0,
      dataDir: '/flag/dir',
      tokenPolicy: { defaultTtlSeconds: 900, maxTtlSeconds: 1200 },
    });
  });

  it('answers null for --help and -h', () => {
    expect(resolve(['--help'])).toBeNull();
    expect(resolve(['-h'])).toBeNull();
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['serve'], "Unexpected argument 'serve'"],
    [['--port'], "Option '--port <value>' argument missing"],
    [['--port', 'http'], '--port must be a whole number from 0 to 65535, got "http"'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
    [['--port', '-1'], "Option '--port' argument is ambiguous"],
    [['--token-ttl', '30'], '--token-ttl must be a whole number from 60'],
    [
      ['--token-ttl', '9000', '--token-max-ttl', '600'],
      '--token-ttl (9000) must not exceed --token-max-ttl (600)',
    ],
    [['--log-level', 'loud'], '--log-level must be one of fatal, error, warn, info, debug, trace, silent'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => resolve(argv)).toThrow(UsageError);
    expect(() => resolve(argv)).toThrow(message);
  });

  it('refuses a bad value from the environment the same way', () => {
    expect(() => resolve([], { PLANASONIX_PORT: 'nope' })).toThrow('--port must be a whole number');
  });

  it('refuses a bootstrap key too short to be safe', () => {
    expect(() => resolve([], { PLANASONIX_BOOTSTRAP_API_KEY: 'short' })).toThrow(
      'PLANASONIX_BOOTSTRAP_API_KEY must be at least 20 characters',
    );
  });
});

describe('--database-url', () => {
  it('is unset by default (SQLite in the data folder)', () => {
    expect(resolve([])?.databaseUrl).toBeUndefined();
  });

  it('comes from the flag or PLANASONIX_DATABASE_URL, the flag winning', () => {
    const env = { PLANASONIX_DATABASE_URL: 'postgres://env-host/db' };
    expect(resolve([], env)?.databaseUrl).toBe('postgres://env-host/db');
    expect(resolve(['--database-url', 'postgresql://flag-host/db'], env)?.databaseUrl).toBe(
      'postgresql://flag-host/db',
    );
  });

  it('refuses a URL that is not PostgreSQL, as a usage error naming the flag', () => {
    expect(() => resolve(['--database-url', 'mysql://h/db'])).toThrow(UsageError);
    expect(() => resolve(['--database-url', 'mysql://h/db'])).toThrow(
      /--database-url must start with postgres/,
    );
  });

  it('reads the replica id and the drain window from flags or the environment', () => {
    expect(resolve([])).toMatchObject({ replicaId: undefined, drainWindowMs: 2_000 });
    const env = { PLANASONIX_REPLICA_ID: 'cp-1.eu', PLANASONIX_DRAIN_WINDOW_MS: '500' };
    expect(resolve([], env)).toMatchObject({ replicaId: 'cp-1.eu', drainWindowMs: 500 });
    expect(resolve(['--replica-id', 'cp_2', '--drain-window-ms', '0'], env)).toMatchObject({
      replicaId: 'cp_2',
      drainWindowMs: 0,
    });
  });

  it.each([
    [['--replica-id', 'a b'], '--replica-id: a replica id is 1 to 40 letters'],
    [['--replica-id', 'x'.repeat(41)], '--replica-id: a replica id is 1 to 40 letters'],
    [['--drain-window-ms', '60001'], '--drain-window-ms must be a whole number from 0 to 60000'],
  ])('refuses %j', (argv, message) => {
    expect(() => resolve(argv)).toThrow(UsageError);
    expect(() => resolve(argv)).toThrow(message);
  });
});

describe('--audit-retention-days and --metrics-listen', () => {
  it('keep audit rows 365 days and serve no separate metrics listener by default', () => {
    expect(resolve([])).toMatchObject({ auditRetentionDays: 365, metricsListen: undefined });
  });

  it('come from the flag or the environment, the flag winning; 0 days keeps rows forever', () => {
    const env = { PLANASONIX_AUDIT_RETENTION_DAYS: '30', PLANASONIX_METRICS_LISTEN: '0.0.0.0:9464' };
    expect(resolve([], env)).toMatchObject({
      auditRetentionDays: 30,
      metricsListen: { host: '0.0.0.0', port: 9464 },
    });
    expect(resolve(['--audit-retention-days', '0', '--metrics-listen', '[::1]:0'], env)).toMatchObject({
      auditRetentionDays: 0,
      metricsListen: { host: '::1', port: 0 },
    });
    expect(resolve(['--metrics-listen', ':9464'])).toMatchObject({
      metricsListen: { host: '127.0.0.1', port: 9464 },
    });
  });

  it.each([
    [['--audit-retention-days', '-1'], '--audit-retention-days'],
    [['--audit-retention-days', 'forever'], '--audit-retention-days'],
    [['--metrics-listen', '9464'], '--metrics-listen'],
    [['--metrics-listen', 'host:99999'], '--metrics-listen'],
  ])('refuses %j as a usage error naming the flag', (argv, flag) => {
    expect(() => resolve(argv)).toThrow(UsageError);
    expect(() => resolve(argv)).toThrow(flag);
  });
});
