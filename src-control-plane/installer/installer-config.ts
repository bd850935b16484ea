// The per-agent values every installer download and manual-install answer carries, checked once:
// install.sh and install.ps1 accept the same API host shape, so a config the control plane hands
// out is never one its own scripts refuse, and no value can break out of a shell command.
import { checkApiHost } from '../../src-shared/api-host.js';
import { AgentId } from '../../src-shared/ids.js';
import { InvalidInstallerConfigError } from './installer-errors.js';

export interface InstallerConfig {
  /** The control plane's public base URL, e.g. https://api.planasonix.com */
  apiHost: string;
  agentId: string;
}

/** The same pattern as install.sh and install.ps1's msiexec plan. */
const scriptSafeUrl = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~/-]*)?$/;

export function checkedInstallerConfig(config: InstallerConfig): InstallerConfig {
  const checked = checkApiHost(config.apiHost);
  if (!checked.ok) throw new InvalidInstallerConfigError('apiHost', checked.problem);
  const apiHost = checked.url.href.replace(/\/$/, '');
  if (!scriptSafeUrl.test(apiHost)) {
    throw new InvalidInstallerConfigError(
      'apiHost',
      `${JSON.stringify(apiHost)} has characters the install scripts refuse (letters, digits, . - _ ~ / only)`,
    );
  }
  const agentId = AgentId.safeParse(config.agentId);
  if (!agentId.success) {
    throw new InvalidInstallerConfigError('agentId', agentId.error.issues[0]?.message ?? 'malformed');
  }
  return { apiHost, agentId: agentId.data };
}

/** The JSON install scripts read; the same keys as the manual-install `environment_variables`. */
export function installerConfigJson(config: InstallerConfig): string {
  const { apiHost, agentId } = checkedInstallerConfig(config);
  return `${JSON.stringify({ api_host: apiHost, agent_id: agentId }, null, 2)}\n`;
}
