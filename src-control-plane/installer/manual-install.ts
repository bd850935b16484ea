// The body of GET /api/agents/manual-install/{agentId} (inside the `data` envelope): the commands
// that fetch this agent's installer download and run its install script, for one platform.
import type { ManualInstallInstructions } from '../../src-shared/rest/agent-installer.js';
import { UnknownPlatformError } from './installer-errors.js';
import { checkedInstallerConfig, type InstallerConfig } from './installer-config.js';
import { type InstallerPlatform, isInstallerPlatform, platformInstallers } from './installer-platforms.js';

// The token stays a variable reference: the control plane never knows it after creation, and a
// reference keeps it out of shell history.
function commands(platform: InstallerPlatform, downloadUrl: string): [string, string] {
  const archive = `planasonix-agent.${platformInstallers[platform].archive}`;
  switch (platform) {
    case 'linux':
      return [
        `curl -fsSL "${downloadUrl}" -o ${archive}`,
        `tar -xzf ${archive} && sudo ./install.sh --token "$PLANASONIX_ENROLLMENT_TOKEN"`,
      ];
    case 'macos':
      return [
        `curl -fsSL "${downloadUrl}" -o ${archive}`,
        `unzip -o ${archive} -d planasonix-agent && sudo ./planasonix-agent/install.sh --token "$PLANASONIX_ENROLLMENT_TOKEN"`,
      ];
    case 'windows':
      return [
        `Invoke-WebRequest -Uri "${downloadUrl}" -OutFile ${archive}`,
        `Expand-Archive -Force ${archive} planasonix-agent; .\\planasonix-agent\\install.ps1`,
      ];
  }
}

/**
 * @param platform untrusted, from the `platform` query (the route defaults it to `linux`)
 * @param config the control plane's public URL and the agent's id
 */
export function manualInstallInstructions(
  platform: string,
  config: InstallerConfig,
): ManualInstallInstructions {
  if (!isInstallerPlatform(platform)) throw new UnknownPlatformError(platform);
  const { apiHost, agentId } = checkedInstallerConfig(config);
  const [download, install] = commands(platform, `${apiHost}/api/agents/installer/${agentId}/${platform}`);
  return {
    agent_id: agentId,
    steps: [
      { order: 1, title: 'Download bundle', command: download },
      { order: 2, title: 'Extract and install', command: install },
    ],
    environment_variables: { PLANASONIX_API_HOST: apiHost, PLANASONIX_AGENT_ID: agentId },
  };
}
