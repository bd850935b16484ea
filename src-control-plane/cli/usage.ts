export const USAGE = `Planasonix control plane

Usage:
  npm run --silent control-plane -- [options]            serve the API
  npm run --silent control-plane -- api-keys create --name NAME [--scope SCOPE]...
                                                          print one new API key (default
                                                          scope admin; repeat --scope)
  npm run --silent control-plane -- api-keys revoke KEY_ID
                                                          revoke a key (every replica at once)
  npm run --silent control-plane -- api-keys list         list keys (never their secrets)
      (each api-keys command also takes --data-dir DIR and --database-url URL; it works while
      the server runs, or without it)

Options (flag, then environment variable):
  --host HOST            PLANASONIX_HOST            address to bind (default 127.0.0.1)
  --port N               PLANASONIX_PORT            port, 0 for a free one (default 8080)
  --data-dir DIR         PLANASONIX_DATA_DIR        where the SQLite file lives
                                                    (default: the per-user data folder)
  --database-url URL     PLANASONIX_DATABASE_URL    postgres://user:password@host:5432/db runs on
                                                    PostgreSQL, so several replicas can share it
                                                    (default: SQLite in the data folder)
  --release-dir DIR      PLANASONIX_RELEASE_DIR     release packages served as installer downloads
                                                    (default: none, downloads answer 503)
  --public-url URL       PLANASONIX_PUBLIC_URL      the URL agents and install commands use
                                                    (default: the listen URL)
  --token-ttl SECONDS    PLANASONIX_ENROLLMENT_TOKEN_TTL
                                                    enrollment token life by default (default 86400)
  --token-max-ttl SECONDS PLANASONIX_ENROLLMENT_TOKEN_MAX_TTL
                                                    longest life a request may ask (default 604800)
  --log-level LEVEL      PLANASONIX_LOG_LEVEL       fatal|error|warn|info|debug|trace|silent (default info)
  --heartbeat-interval SECONDS PLANASONIX_HEARTBEAT_INTERVAL
                                                    how often agents heartbeat (default 20)
  --trusted-proxy IP|CIDR PLANASONIX_TRUSTED_PROXIES (comma-separated)
                                                    believe X-Forwarded-For from this proxy
                                                    (repeatable; default: none)
  --job-accept-timeout SECONDS PLANASONIX_JOB_ACCEPT_TIMEOUT
                                                    an assigned job not accepted within this goes
                                                    back to the queue (default 30)
  --job-lease SECONDS    PLANASONIX_JOB_LEASE       a job lease not renewed by a heartbeat within this
                                                    expires (default 3 heartbeat intervals)
  --replica-id ID        PLANASONIX_REPLICA_ID      this replica's name among those sharing one
                                                    PostgreSQL database (default: rpl_ + random)
  --drain-window-ms N    PLANASONIX_DRAIN_WINDOW_MS on SIGTERM, agents are told to reconnect
                                                    elsewhere spread over this window (default 2000)
  --audit-retention-days N PLANASONIX_AUDIT_RETENTION_DAYS
                                                    delete audit rows older than this; 0 keeps
                                                    them forever (default 365)
  --metrics-listen HOST:PORT PLANASONIX_METRICS_LISTEN
                                                    also serve GET /metrics without a key here
                                                    (default: only on the API, with a
                                                    metrics:read key)
                         PLANASONIX_BOOTSTRAP_API_KEY  an admin API key valid while this process runs
  -h, --help             print this help

stdout carries the API key line of a first start, "metrics on http://HOST:PORT/metrics" with
--metrics-listen, and then "listening on http://HOST:PORT";
JSON logs go to stderr. GET /healthz answers while the process is up; GET /readyz answers 503
while it drains (after SIGTERM) or its database does not answer, 200 otherwise.
`;
