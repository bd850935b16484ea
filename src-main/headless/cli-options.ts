import { parseArgs } from 'node:util';
import { checkApiHost } from '../../src-shared/api-host.js';

export interface HeadlessOptions {
  dataDir: string | null;
  uiPort: number;
  apiHost: string | null;
  help: boolean;
}

export const USAGE = `usage: npm run --silent host -- [--data-dir DIR] [--ui-port N] [--api-host URL]

  --data-dir DIR   where settings, secrets, logs and the agent's data live
                   (env PLANASONIX_DATA_DIR; default: the per-user data folder)
  --ui-port N      loopback port of the web UI, 0 = any free port (env PLANASONIX_UI_PORT; default 0)
  --api-host URL   control plane the agent talks to (env PLANASONIX_API_HOST)
  --help           this text`;

/** Flags win over environment variables; a bad value throws an error that names it. */
export function parseHeadlessOptions(argv: string[], env: NodeJS.ProcessEnv): HeadlessOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'ui-port': { type: 'string' },
      'api-host': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values['ui-port'] ?? env.PLANASONIX_UI_PORT ?? '0';
  const uiPort = Number(portText);
  if (!/^\d+$/.test(portText) || uiPort > 65535)
    throw new Error(`--ui-port: "${portText}" is not a port (0-65535)`);
  const apiHost = values['api-host'] ?? env.PLANASONIX_API_HOST ?? null;
  const checked = apiHost === null ? null : checkApiHost(apiHost);
  if (checked?.ok === false) throw new Error(`--api-host: ${checked.problem}`);
  return {
    dataDir: values['data-dir'] ?? nonEmpty(env.PLANASONIX_DATA_DIR),
    uiPort,
    apiHost,
    help: values.help === true,
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
