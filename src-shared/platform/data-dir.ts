/**
 * The per-user folder where a Planasonix program keeps its data when none is given. The one place
 * that knows each OS's convention; pure (platform, environment and home folder are arguments) so
 * every branch is tested on any OS, and so the agent, the host and the control plane share it with
 * their own folder names.
 */
export interface DataDirInput {
  /** `process.platform` */
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** The program's own folder name, e.g. `planasonix-control-plane`. */
  appName: string;
}

export function defaultDataDir({ platform, env, homeDir, appName }: DataDirInput): string {
  if (platform === 'win32') {
    const base = nonEmpty(env.LOCALAPPDATA) ?? `${trimEnd(homeDir, '\\')}\\AppData\\Local`;
    return `${trimEnd(base, '\\')}\\${appName}`;
  }
  if (platform === 'darwin') {
    return `${trimEnd(homeDir, '/')}/Library/Application Support/${appName}`;
  }
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env.XDG_DATA_HOME);
  const base = xdg?.startsWith('/') ? xdg : `${trimEnd(homeDir, '/')}/.local/share`;
  return `${trimEnd(base, '/')}/${appName}`;
}

/**
 * The machine-wide folder where an installer leaves `planasonix-agent.json` and the one-time
 * `enrollment/token` for the agent (resources/installers/README.md). `PLANASONIX_CONFIG_DIR` wins.
 */
export function machineConfigDir({ platform, env }: Pick<DataDirInput, 'platform' | 'env'>): string {
  const override = nonEmpty(env.PLANASONIX_CONFIG_DIR);
  if (override !== undefined) return override;
  if (platform === 'win32') {
    const base = nonEmpty(env.ProgramData) ?? nonEmpty(env.PROGRAMDATA) ?? 'C:\\ProgramData';
    return `${trimEnd(base, '\\')}\\Planasonix Agent`;
  }
  if (platform === 'darwin') return '/Library/Application Support/Planasonix Agent';
  return '/etc/planasonix-agent';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function trimEnd(path: string, separator: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === separator) end -= 1;
  return path.slice(0, end);
}
