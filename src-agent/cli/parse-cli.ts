import { parseArgs } from 'node:util';
import { defaultDataDir } from '../../src-shared/platform/data-dir.js';
import { checkApiHost } from '../../src-shared/api-host.js';
import { AGENT_ID_PATTERN } from '../../src-shared/ids.js';
import { ENROLLMENT_TOKEN_PATTERN } from '../../src-shared/rest/tokens.js';
import { LogLevel } from '../../src-shared/worker-link.js';
import { errorMessage } from '../../src-node/error-message.js';

export const AGENT_APP_NAME = 'planasonix-agent';

export interface RunOptions {
  apiHost: string | null;
  /** Held in memory only: never logged, never written anywhere. */
  token: string | null;
  dataDir: string;
  label: string | null;
  tags: string[];
  agentId: string | null;
  proxyUrl: string | null;
  caFile: string | null;
  logLevel: LogLevel;
  /** An installer's config folder (planasonix-agent.json, enrollment/token); flags and env win over it. */
  configDir: string | null;
  tokenFile: string | null;
  /** Jobs run at once; null: half the CPUs, at least one. */
  jobSlots: number | null;
}

export type CliCommand =
  | { command: 'run'; options: RunOptions }
  | { command: 'status'; dataDir: string; json: boolean }
  | { command: 'help' }
  | { command: 'error'; message: string };

export const USAGE = `Usage:
  agent run [--api-host URL] [--token T | --token-file PATH] [--data-dir DIR] [--label L]
            [--tags a,b] [--proxy-url URL] [--ca-file PEM] [--config-dir DIR]
            [--log-level debug|info|warn|error] [--job-slots N]
  agent status [--data-dir DIR] [--json]

Environment (flags win): PLANASONIX_API_HOST, PLANASONIX_ENROLLMENT_TOKEN, PLANASONIX_AGENT_ID,
PLANASONIX_DATA_DIR (or PLANASONIX_STATE_DIR), PLANASONIX_PROXY_URL, PLANASONIX_CA_FILE,
PLANASONIX_LOG_LEVEL, PLANASONIX_CONFIG_DIR, PLANASONIX_ENROLLMENT_TOKEN_FILE, PLANASONIX_JOB_SLOTS; HTTPS_PROXY,
HTTP_PROXY and NO_PROXY are honoured for HTTPS and WSS alike. An installer's config folder
(planasonix-agent.json, enrollment/token) fills what flags and environment leave out; the token
file is deleted once the agent has enrolled.
Exit codes: 0 stopped, 10 not enrolled / revoked / token refused, 1 other failure, 2 bad usage.`;

export interface CliContext {
  env: Record<string, string | undefined>;
  platform: string;
  homeDir: string;
}

const nonEmpty = (v: string | undefined): string | null =>
  v === undefined || v.trim() === '' ? null : v.trim();

function apiHostProblem(value: string): string | null {
  const checked = checkApiHost(value);
  if (checked.ok) return null;
  return `--api-host / PLANASONIX_API_HOST: ${checked.problem} (for example https://api.planasonix.com)`;
}

/** A proxy URL may carry credentials (user:password@proxy), unlike the API host. */
function proxyUrlProblem(value: string, what: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return null;
  } catch {
    // reported below
  }
  return `${what} must be an http(s) URL such as https://api.planasonix.com, got "${value}"`;
}

/** Pure: argv (after the script) and environment in, a command or a clear error out. */
export function parseCli(argv: string[], ctx: CliContext): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' };
  if (command !== 'run' && command !== 'status')
    return { command: 'error', message: `unknown command "${command}"` };
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options:
        command === 'status'
          ? { 'data-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } }
          : {
              'api-host': { type: 'string' },
              token: { type: 'string' },
              'data-dir': { type: 'string' },
              label: { type: 'string' },
              tags: { type: 'string' },
              'proxy-url': { type: 'string' },
              'ca-file': { type: 'string' },
              'log-level': { type: 'string' },
              'config-dir': { type: 'string' },
              'token-file': { type: 'string' },
              'job-slots': { type: 'string' },
              help: { type: 'boolean' },
            },
    }));
  } catch (error) {
    return { command: 'error', message: errorMessage(error) };
  }
  if (values.help) return { command: 'help' };
  const str = (name: string): string | null =>
    nonEmpty(typeof values[name] === 'string' ? values[name] : undefined);
  const dataDir =
    str('data-dir') ??
    nonEmpty(ctx.env.PLANASONIX_DATA_DIR) ??
    nonEmpty(ctx.env.PLANASONIX_STATE_DIR) ??
    defaultDataDir({ platform: ctx.platform, env: ctx.env, homeDir: ctx.homeDir, appName: AGENT_APP_NAME });
  if (command === 'status') return { command: 'status', dataDir, json: values.json === true };

  const apiHost = str('api-host') ?? nonEmpty(ctx.env.PLANASONIX_API_HOST);
  const token = str('token') ?? nonEmpty(ctx.env.PLANASONIX_ENROLLMENT_TOKEN);
  const agentId = nonEmpty(ctx.env.PLANASONIX_AGENT_ID);
  const proxyUrl = str('proxy-url') ?? nonEmpty(ctx.env.PLANASONIX_PROXY_URL);
  const logLevel = LogLevel.safeParse(str('log-level') ?? nonEmpty(ctx.env.PLANASONIX_LOG_LEVEL) ?? 'info');
  const slotsText = str('job-slots') ?? nonEmpty(ctx.env.PLANASONIX_JOB_SLOTS);
  const jobSlots = slotsText === null ? null : /^\d{1,4}$/.test(slotsText) ? Number(slotsText) : NaN;
  const problems = [
    apiHost === null ? null : apiHostProblem(apiHost),
    proxyUrl === null ? null : proxyUrlProblem(proxyUrl, '--proxy-url / PLANASONIX_PROXY_URL'),
    token !== null && !ENROLLMENT_TOKEN_PATTERN.test(token)
      ? 'the enrollment token is not one: plnx_enroll_ and 43 more characters (value not shown)'
      : null,
    agentId !== null && !AGENT_ID_PATTERN.test(agentId)
      ? `PLANASONIX_AGENT_ID must be an agent id (agt_…), got "${agentId}"`
      : null,
    jobSlots !== null && !(jobSlots >= 1 && jobSlots <= 256)
      ? `--job-slots / PLANASONIX_JOB_SLOTS must be a whole number from 1 to 256, got "${slotsText}"`
      : null,
    logLevel.success ? null : '--log-level / PLANASONIX_LOG_LEVEL must be one of debug, info, warn, error',
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) return { command: 'error', message: problems.join('; ') };
  return {
    command: 'run',
    options: {
      apiHost,
      token,
      dataDir,
      label: str('label'),
      tags: (str('tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      agentId,
      proxyUrl,
      caFile: str('ca-file') ?? nonEmpty(ctx.env.PLANASONIX_CA_FILE),
      logLevel: logLevel.success ? logLevel.data : 'info',
      configDir: str('config-dir') ?? nonEmpty(ctx.env.PLANASONIX_CONFIG_DIR),
      tokenFile: str('token-file') ?? nonEmpty(ctx.env.PLANASONIX_ENROLLMENT_TOKEN_FILE),
      jobSlots,
    },
  };
}
