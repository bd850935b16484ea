import { describe, expect, it } from 'vitest';
import { InvalidInstallerConfigError, UnknownPlatformError } from './installer-errors.js';
import { manualInstallInstructions } from './manual-install.js';

const agentId = 'agt_01jq8new01abcdefghjkmnpqrs';
const config = { apiHost: 'https://api.planasonix.com/', agentId };

describe('manualInstallInstructions', () => {
  it('linux: downloads this agent’s bundle from the public URL and runs install.sh with the token variable', () => {
    expect(manualInstallInstructions('linux', config)).toEqual({
      agent_id: agentId,
      steps: [
        {
          order: 1,
          title: 'Download bundle',
          command: `curl -fsSL "https://api.planasonix.com/api/agents/installer/${agentId}/linux" -o planasonix-agent.tar.gz`,
        },
        {
          order: 2,
          title: 'Extract and install',
          command:
            'tar -xzf planasonix-agent.tar.gz && sudo ./install.sh --token "$PLANASONIX_ENROLLMENT_TOKEN"',
        },
      ],
      environment_variables: {
        PLANASONIX_API_HOST: 'https://api.planasonix.com',
        PLANASONIX_AGENT_ID: agentId,
      },
    });
  });

  it('windows and macos: fetch their own zip and run their own script', () => {
    const windows = manualInstallInstructions('windows', config).steps.map((step) => step.command);
    expect(windows[0]).toContain(`/api/agents/installer/${agentId}/windows" -OutFile planasonix-agent.zip`);
    expect(windows[1]).toContain('install.ps1');
    const macos = manualInstallInstructions('macos', config).steps.map((step) => step.command);
    expect(macos[0]).toContain(`/api/agents/installer/${agentId}/macos" -o planasonix-agent.zip`);
    expect(macos[1]).toContain('sudo ./planasonix-agent/install.sh');
  });

  it('keeps a public URL with a path prefix', () => {
    const { steps } = manualInstallInstructions('linux', {
      apiHost: 'https://edge.example/planasonix',
      agentId,
    });
    expect(steps[0]?.command).toContain('"https://edge.example/planasonix/api/agents/installer/');
  });

  it('refuses an unknown platform and values that could break out of the shell command', () => {
    expect(() => manualInstallInstructions('solaris', config)).toThrow(UnknownPlatformError);
    for (const apiHost of ['https://x.example/$(reboot)', 'https://x.example/a`id`', 'https://x.example/"']) {
      expect(() => manualInstallInstructions('linux', { apiHost, agentId })).toThrow(
        InvalidInstallerConfigError,
      );
    }
    expect(() => manualInstallInstructions('linux', { ...config, agentId: 'agt_$(id)' })).toThrow(
      InvalidInstallerConfigError,
    );
  });
});
