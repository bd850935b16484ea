import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagedPolicy } from '../../../src-shared/host-api/policy.js';
import { JsonPolicySource } from './json-policy-source.js';
import { ManagedPreferencesPolicySource } from './managed-preferences-policy-source.js';
import { LINUX_POLICY_FILE, policySourceFor } from './policy-source-for.js';
import type { PolicySource } from './policy-source.js';
import { POLICY_REGISTRY_KEY, RegistryPolicySource } from './registry-policy-source.js';
import { resolvePolicy } from './resolve-policy.js';

const fixtures = fileURLToPath(new URL('../../../tests/fixtures/policy/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

let dir = '';
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'policy-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** What every good fixture sets (the CA path differs per OS). */
function acmePolicy(caFile: string): ManagedPolicy {
  return {
    ApiHost: 'https://planasonix.acme.example',
    EnrollmentLocked: true,
    AutoUpdate: false,
    UpdateChannel: 'stable',
    MaxJobSlots: 2,
    ProxyUrl: 'http://proxy.acme.example:3128',
    ProxyCaFile: caFile,
    StartAtLogin: true,
    AllowPause: false,
    OrganizationName: 'Acme IT',
    SupportUrl: 'https://help.acme.example/agent',
    HiddenTrayItems: ['quit', 'enroll'],
  };
}

async function resolved(source: PolicySource) {
  return resolvePolicy(await source.read());
}

/** A registry source answering `reg query` with a fixture's text and exit code. */
function registry(stdout: string, code: number | null = 0) {
  const calls: string[][] = [];
  const source = new RegistryPolicySource((command, args) => {
    calls.push([command, ...args]);
    return Promise.resolve({ code, stdout });
  });
  return { source, calls };
}

describe('Windows: reg query of the policy key', () => {
  it('reads every key from real reg output: DWORD booleans and numbers, strings, multi-strings', async () => {
    const { source, calls } = registry(await readFile(fixture('reg-query.txt'), 'utf8'));
    const view = await resolved(source);
    expect(calls).toEqual([['reg', 'query', POLICY_REGISTRY_KEY]]);
    expect(view.values).toEqual(acmePolicy('C:\\ProgramData\\Acme\\proxy-ca.pem'));
    expect(view.sources.ApiHost).toBe(POLICY_REGISTRY_KEY);
    expect(view.warnings).toEqual([]);
  });

  it('skips each bad value by itself with a warning naming it, and keeps the good one', async () => {
    const view = await resolved(registry(await readFile(fixture('reg-query-bad.txt'), 'utf8')).source);
    expect(view.values).toEqual({ OrganizationName: 'Acme IT' });
    expect(view.warnings).toEqual([
      `policy SupportUrl in ${POLICY_REGISTRY_KEY} skipped: REG_BINARY is not a type policy reads`,
      `policy ApiHost in ${POLICY_REGISTRY_KEY} skipped: must be an http:// or https:// URL`,
      expect.stringMatching(/^policy EnrollmentLocked in .* skipped: /),
      expect.stringMatching(/^policy MaxJobSlots in .* skipped: /),
      expect.stringMatching(/^policy HiddenTrayItems in .* skipped: /),
      `unknown policy key "ColourScheme" in ${POLICY_REGISTRY_KEY}: skipped`,
    ]);
  });

  it('reads a missing key (reg exits 1) as no policy, and a failing reg as a warning', async () => {
    expect(await resolved(registry('', 1).source)).toEqual({ values: {}, sources: {}, warnings: [] });
    expect((await resolved(registry('', null).source)).warnings).toEqual([
      `reg query ${POLICY_REGISTRY_KEY} exited with null`,
    ]);
  });
});

describe('macOS: managed preferences', () => {
  it.each(['managed-preferences.binary.plist', 'managed-preferences.xml.plist'])(
    'reads every key from %s',
    async (name) => {
      const view = await resolved(new ManagedPreferencesPolicySource(fixture(name)));
      expect(view.values).toEqual(acmePolicy('/Library/Acme/proxy-ca.pem'));
      expect(view.sources.OrganizationName).toBe(fixture(name));
      expect(view.warnings).toEqual([]);
    },
  );

  it('skips each bad value in a binary plist by itself', async () => {
    const view = await resolved(
      new ManagedPreferencesPolicySource(fixture('managed-preferences-bad.binary.plist')),
    );
    expect(view.values).toEqual({ OrganizationName: 'Acme IT' });
    // plistlib writes keys sorted, so the warnings come in that order.
    expect(view.warnings.map((w) => w.split(' in ')[0]).sort()).toEqual([
      'policy ApiHost',
      'policy EnrollmentLocked',
      'policy HiddenTrayItems',
      'policy MaxJobSlots',
      'unknown policy key "ColourScheme"',
    ]);
  });

  it('warns about a file that is not a property list, and reads a missing one as no policy', async () => {
    const broken = join(dir, 'com.planasonix.agent.plist');
    await writeFile(broken, 'bplist00 truncated');
    expect((await resolved(new ManagedPreferencesPolicySource(broken))).warnings).toEqual([
      expect.stringMatching(/^managed preferences .* are not a property list: /),
    ]);
    await writeFile(broken, '<?xml version="1.0"?><plist version="1.0"><array/></plist>');
    expect((await resolved(new ManagedPreferencesPolicySource(broken))).warnings).toEqual([
      `managed preferences ${broken} must hold a dictionary of policy keys`,
    ]);
    expect(await resolved(new ManagedPreferencesPolicySource(join(dir, 'none.plist')))).toEqual({
      values: {},
      sources: {},
      warnings: [],
    });
  });
});

describe('Linux and PLANASONIX_POLICY_FILE: a JSON file', () => {
  it('reads every key, ignoring the $schema hint', async () => {
    const view = await resolved(new JsonPolicySource(fixture('policy.json')));
    expect(view.values).toEqual(acmePolicy('/etc/acme/proxy-ca.pem'));
    expect(view.warnings).toEqual([]);
  });

  it('skips each bad value by itself and never repeats a value in a warning', async () => {
    const view = await resolved(new JsonPolicySource(fixture('policy-bad.json')));
    expect(view.values).toEqual({ OrganizationName: 'Acme IT' });
    expect(view.warnings).toHaveLength(6);
    expect(view.warnings.join('\n')).not.toContain('hunter2');
  });

  it('warns about invalid JSON, a non-object and an unreadable file; a missing file is no policy', async () => {
    const path = join(dir, 'policy.json');
    await writeFile(path, '{ "ApiHost": ');
    expect((await resolved(new JsonPolicySource(path))).warnings[0]).toMatch(/is not valid JSON/);
    await writeFile(path, '["ApiHost"]');
    expect((await resolved(new JsonPolicySource(path))).warnings[0]).toMatch(/must hold a JSON object/);
    await rm(path);
    expect((await resolved(new JsonPolicySource(path))).warnings).toEqual([]);
    // Tests run as root, who reads a 0000 file anyway: a folder in the file's place fails for anyone.
    expect((await resolved(new JsonPolicySource(dir))).warnings[0]).toMatch(/cannot be read: /);
  });
});

describe('policySourceFor', () => {
  const run = () => Promise.resolve({ code: 1, stdout: '' });

  it('reads the registry on Windows, managed preferences on macOS and /etc on Linux', () => {
    expect(policySourceFor({ platform: 'win32', env: {}, run })).toBeInstanceOf(RegistryPolicySource);
    expect(policySourceFor({ platform: 'darwin', env: {}, run })).toBeInstanceOf(
      ManagedPreferencesPolicySource,
    );
    const linux = policySourceFor({ platform: 'linux', env: {}, run });
    expect(linux).toEqual(new JsonPolicySource(LINUX_POLICY_FILE));
  });

  it('reads the file PLANASONIX_POLICY_FILE names instead, on every OS', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const source = policySourceFor({ platform, env: { PLANASONIX_POLICY_FILE: '/tmp/p.json' }, run });
      expect(source).toEqual(new JsonPolicySource('/tmp/p.json'));
    }
  });
});
