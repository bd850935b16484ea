import type { AgentPlatform } from '../../src-shared/agent-protocol/index.js';

/** The control plane's name for this OS, or null on one the agent is not built for. */
export function agentPlatform(platform: NodeJS.Platform): AgentPlatform | null {
  switch (platform) {
    case 'linux':
      return 'linux';
    case 'win32':
      return 'windows';
    case 'darwin':
      return 'macos';
    default:
      return null;
  }
}
