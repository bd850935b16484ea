// electron-builder `afterAllArtifactBuild` hook. Signing credentials reach the build only through the
// environment, so a build without them silently produces unsigned packages; this hook makes that
// impossible to miss in a local or CI log. It reads names of variables, never their values.
import process from 'node:process';

/** @typedef {'linux' | 'windows' | 'mac'} BuilderPlatform */
/** @typedef {Record<string, string | undefined>} Env */
/** @typedef {{ win?: { azureSignOptions?: unknown, signtoolOptions?: { certificateSubjectName?: unknown, certificateSha1?: unknown } | null } | null, mac?: { identity?: unknown } | null }} SigningConfig */

/** @param {unknown} value */
const present = (value) => value !== undefined && value !== null;

/** @param {Env} env @param {string[]} names */
const allSet = (env, names) => names.every((name) => (env[name] ?? '').trim() !== '');

const appleNotaryCredentials = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];

/**
 * What is missing for a signed (and on macOS notarized) package of one platform; empty when the
 * build had everything it needs.
 * @param {BuilderPlatform} platform
 * @param {Env} env
 * @param {SigningConfig} config
 * @returns {string[]}
 */
export function signingGaps(platform, env, config) {
  switch (platform) {
    case 'windows': {
      const pfx = allSet(env, ['CSC_LINK']) || allSet(env, ['WIN_CSC_LINK']);
      const azure =
        present(config.win?.azureSignOptions) &&
        allSet(env, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']);
      const store =
        present(config.win?.signtoolOptions?.certificateSubjectName) ||
        present(config.win?.signtoolOptions?.certificateSha1);
      return pfx || azure || store
        ? []
        : ['not signed: set CSC_LINK + CSC_KEY_PASSWORD (signtool) or Azure Trusted Signing credentials'];
    }
    case 'mac': {
      const gaps = [];
      if (!(allSet(env, ['CSC_LINK']) || allSet(env, ['CSC_NAME']) || present(config.mac?.identity))) {
        gaps.push('not signed: set CSC_LINK + CSC_KEY_PASSWORD (Developer ID Application certificate)');
      }
      if (!appleNotaryCredentials.some((names) => allSet(env, names))) {
        gaps.push('not notarized: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER');
      }
      return gaps;
    }
    case 'linux':
      // A .deb carries no code signature; its integrity comes from the apt repository or checksum.
      return [];
  }
}

/**
 * The banner for every platform of a build that is missing something, or '' when all is signed.
 * @param {BuilderPlatform[]} platforms
 * @param {Env} env
 * @param {SigningConfig} config
 */
export function unsignedBanner(platforms, env, config) {
  const lines = platforms.flatMap((platform) =>
    signingGaps(platform, env, config).map((gap) => `  ${platform}: ${gap}`),
  );
  if (lines.length === 0) return '';
  const rule = '!'.repeat(78);
  return [rule, '!! UNSIGNED BUILD: do not distribute these packages to customers', ...lines, rule].join(
    '\n',
  );
}

/**
 * @param {{ platformToTargets: Map<{ name: string }, unknown>, configuration: SigningConfig, artifactPaths: string[] }} buildResult
 * @returns {Promise<string[]>}
 */
export default async function afterAllArtifactBuild(buildResult) {
  const platforms = [...buildResult.platformToTargets.keys()]
    .map((platform) => platform.name)
    .filter((name) => name === 'linux' || name === 'windows' || name === 'mac');
  const banner = unsignedBanner(
    /** @type {BuilderPlatform[]} */ (platforms),
    process.env,
    buildResult.configuration,
  );
  if (banner !== '') process.stderr.write(`${banner}\n`);
  // No extra artifacts to publish.
  return Promise.resolve([]);
}
