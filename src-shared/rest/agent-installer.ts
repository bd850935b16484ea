import { z } from 'zod';
import { AgentId } from '../ids.js';
import { AgentIdPathParam, AgentPlatform } from './agents.js';

/**
 * The reference's last two agent routes: the per-agent installer download and the manual-install
 * steps. The download itself is a file (tar.gz or zip), so only its path has a schema here.
 */
export const InstallerParams = z.object({ agentId: AgentIdPathParam, platform: AgentPlatform });

export const ManualInstallParams = z.object({ agentId: AgentIdPathParam });

export const ManualInstallQuery = z.object({
  platform: AgentPlatform.default('linux').describe('Which platform the steps install on.'),
});

export const ManualInstallStep = z.object({
  order: z.number().int().min(1),
  title: z.string(),
  command: z.string(),
});

export const ManualInstallInstructions = z.object({
  agent_id: AgentId,
  steps: z.array(ManualInstallStep),
  environment_variables: z.object({ PLANASONIX_API_HOST: z.string(), PLANASONIX_AGENT_ID: AgentId }),
});
export type ManualInstallInstructions = z.infer<typeof ManualInstallInstructions>;

/** Media types of the download: `linux` is a tar.gz, `windows` and `macos` a zip. */
export const INSTALLER_MEDIA_TYPES = ['application/gzip', 'application/zip'] as const;
