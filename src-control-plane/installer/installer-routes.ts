import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  INSTALLER_MEDIA_TYPES,
  InstallerParams,
  ManualInstallInstructions,
  ManualInstallParams,
  ManualInstallQuery,
} from '../../src-shared/rest/agent-installer.js';
import { dataEnvelope } from '../../src-shared/rest/envelopes.js';
import type { AgentService } from '../agents/agent-service.js';
import { ApiError } from '../http/api-error.js';
import { defineRoute, type Route } from '../http/route-table.js';
import { buildInstallerArchive } from './installer-archive.js';
import { checkedInstallerConfig, type InstallerConfig } from './installer-config.js';
import { MissingArtifactError } from './installer-errors.js';
import type { InstallerPlatform } from './installer-platforms.js';
import { manualInstallInstructions } from './manual-install.js';

export interface InstallerRoutesDeps {
  agents: AgentService;
  /** The release artifacts folder; undefined when none is configured (every download answers 503). */
  releaseDir: string | undefined;
  /** The checked public base URL agents and commands use; read per request (known after listen). */
  publicUrl: () => string;
}

/** The reference's installer download and manual-install routes. */
export function installerRoutes(deps: InstallerRoutesDeps): Route[] {
  // Instructions or a bundle for a revoked agent would only lead to a refused enrollment.
  const installableAgent = async (agentId: string) => {
    const agent = await deps.agents.get(agentId);
    if (agent.status === 'revoked') {
      throw new ApiError(
        'agent_revoked',
        `agent ${agentId} is revoked: enable it (POST /api/agents/enable/${agentId}) before installing it`,
      );
    }
    return agent;
  };

  return [
    defineRoute({
      method: 'GET',
      url: '/api/agents/installer/:agentId/:platform',
      summary: 'Download agent installer',
      description:
        "The platform's unchanged release package, its install script and planasonix-agent.json (API " +
        'host and agent id, never the token): linux a tar.gz, windows and macos a zip. No JSON envelope.',
      auth: { scope: 'agents:read' },
      params: InstallerParams,
      binary: INSTALLER_MEDIA_TYPES,
      success: {
        status: 200,
        description: 'The installer bundle (Content-Disposition names the file).',
        // Fastify streams a Readable as it is; `binary` above is what /openapi.json shows.
        schema: z.instanceof(Readable),
      },
      errors: ['invalid_request', 'agent_not_found', 'agent_revoked', 'installer_unavailable'],
      handle: async ({ params, reply }) => {
        await installableAgent(params.agentId);
        const config = installerConfig(deps, params.agentId);
        const archive = await openArchive(deps.releaseDir, config, params.platform);
        void reply.type(archive.contentType).header('content-disposition', archive.contentDisposition);
        return archive.body;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/agents/manual-install/:agentId',
      summary: 'Get manual installation instructions',
      description: 'Commands that fetch this agent’s installer bundle from the public URL and run it.',
      auth: { scope: 'agents:read' },
      params: ManualInstallParams,
      query: ManualInstallQuery,
      success: {
        status: 200,
        description: 'The steps.',
        schema: dataEnvelope(ManualInstallInstructions),
      },
      errors: ['invalid_request', 'agent_not_found', 'agent_revoked'],
      handle: async ({ params, query }) => {
        await installableAgent(params.agentId);
        const config = installerConfig(deps, params.agentId);
        return { data: manualInstallInstructions(query.platform, config) };
      },
    }),
  ];
}

/**
 * An explicit --public-url was checked at start; the default, the listen URL, is refused here when
 * the install scripts could not carry it (an IPv6 literal).
 */
function installerConfig(deps: InstallerRoutesDeps, agentId: string): InstallerConfig {
  const apiHost = deps.publicUrl();
  try {
    return checkedInstallerConfig({ apiHost, agentId });
  } catch {
    throw new ApiError(
      'installer_unavailable',
      `install commands cannot carry the URL ${apiHost}: start the control plane with --public-url`,
    );
  }
}

async function openArchive(
  releaseDir: string | undefined,
  config: InstallerConfig,
  platform: InstallerPlatform,
) {
  if (releaseDir === undefined) {
    throw new ApiError(
      'installer_unavailable',
      `no ${platform} installer available: no release folder is configured (--release-dir)`,
    );
  }
  try {
    return await buildInstallerArchive({
      platform,
      artifactsDir: releaseDir,
      config,
    });
  } catch (error) {
    // The client learns which file is missing, not where this server keeps its files.
    if (error instanceof MissingArtifactError) {
      throw new ApiError(
        'installer_unavailable',
        `no ${platform} installer available: ${error.lookedFor} is not in the release folder`,
      );
    }
    throw error;
  }
}
