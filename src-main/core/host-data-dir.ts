import { defaultDataDir } from '../../src-shared/platform/data-dir.js';

/**
 * The host's per-user data folder name, the desktop app's and the headless host's alike. Settled:
 * it holds the enrollment, the agent's key and (in the desktop app) Electron's own user data, so a
 * rename would strand every installed host's state.
 */
export const HOST_DATA_FOLDER = 'planasonix-agent-host';

/** `PLANASONIX_DATA_DIR` when set, else this OS's per-user data folder for the host. */
export function hostDataDir(input: {
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
}): string {
  const override = input.env.PLANASONIX_DATA_DIR;
  if (override !== undefined && override !== '') return override;
  return defaultDataDir({ ...input, appName: HOST_DATA_FOLDER });
}
