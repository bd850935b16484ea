import { afterEach, describe, expect, it, vi } from 'vitest';
import afterAllArtifactBuild, { signingGaps, unsignedBanner } from './report-signing.mjs';

const appleApiKey = { APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'ID', APPLE_API_ISSUER: 'iss' };

describe('signingGaps', () => {
  it('windows: unsigned without a certificate, Azure credentials or a store certificate', () => {
    expect(signingGaps('windows', {}, {})).toHaveLength(1);
    expect(signingGaps('windows', { CSC_LINK: '' }, {})).toHaveLength(1);
    expect(signingGaps('windows', { CSC_LINK: 'cert.pfx' }, {})).toEqual([]);
    expect(signingGaps('windows', { WIN_CSC_LINK: 'cert.pfx' }, {})).toEqual([]);
    expect(signingGaps('windows', {}, { win: { signtoolOptions: { certificateSha1: 'AB' } } })).toEqual([]);
  });

  it('windows: Azure Trusted Signing needs both the config and the three credentials', () => {
    const azure = { win: { azureSignOptions: { endpoint: 'https://eus.codesigning.azure.net' } } };
    const creds = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' };
    expect(signingGaps('windows', creds, azure)).toEqual([]);
    expect(signingGaps('windows', { ...creds, AZURE_CLIENT_SECRET: undefined }, azure)).toHaveLength(1);
    expect(signingGaps('windows', creds, {})).toHaveLength(1);
  });

  it('mac: reports signing and notarization separately', () => {
    expect(signingGaps('mac', {}, {})).toEqual([
      expect.stringContaining('not signed'),
      expect.stringContaining('not notarized'),
    ]);
    expect(signingGaps('mac', { CSC_LINK: 'id.p12' }, {})).toEqual([
      expect.stringContaining('not notarized'),
    ]);
    expect(signingGaps('mac', { CSC_NAME: 'Developer ID', ...appleApiKey }, {})).toEqual([]);
    const appleId = { APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' };
    expect(signingGaps('mac', { CSC_LINK: 'id.p12', ...appleId }, {})).toEqual([]);
  });

  it('linux: a .deb has no code signature to miss', () => {
    expect(signingGaps('linux', {}, {})).toEqual([]);
  });
});

describe('unsignedBanner', () => {
  it('is empty when everything is signed and loud when something is not', () => {
    expect(unsignedBanner(['linux'], {}, {})).toBe('');
    const banner = unsignedBanner(['windows', 'mac'], {}, {});
    expect(banner).toContain('UNSIGNED BUILD');
    expect(banner).toContain('windows: not signed');
    expect(banner).toContain('mac: not notarized');
  });

  it('never prints the value of a signing variable', () => {
    const banner = unsignedBanner(['mac'], { CSC_LINK: 'super-secret-cert-path' }, {});
    expect(banner).not.toContain('super-secret-cert-path');
  });
});

describe('afterAllArtifactBuild hook', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('adds no artifact and warns for each built platform', async () => {
    vi.stubEnv('CSC_LINK', '');
    vi.stubEnv('WIN_CSC_LINK', '');
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const extra = await afterAllArtifactBuild({
        platformToTargets: new Map([[{ name: 'windows' }, new Map()]]),
        configuration: {},
        artifactPaths: [],
      });
      expect(extra).toEqual([]);
    } finally {
      stderr.mockRestore();
    }
    expect(written).toEqual([expect.stringContaining('windows: not signed')]);
  });
});
