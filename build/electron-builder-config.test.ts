import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const require = createRequire(import.meta.url);

function loadConfig(): Record<string, unknown> {
  return parse(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Record<string, unknown>;
}

function validator() {
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  // The schema uses electron-builder's own `typeof` keyword; strict mode would reject it.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

describe('electron-builder.yml', () => {
  it('matches app-builder-lib’s configuration schema', () => {
    const validate = validator();
    const ok = validate(loadConfig());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is rejected by the schema when a key is misspelt, so the check above can fail', () => {
    const validate = validator();
    expect(validate({ ...loadConfig(), protocol: [] })).toBe(false);
  });

  it('names the app, its targets, artifacts and the planasonix:// scheme', () => {
    const config = loadConfig();
    expect(config).toMatchObject({
      appId: 'com.planasonix.agent',
      asar: true,
      npmRebuild: false,
      artifactName: 'planasonix-agent-${version}-${os}-${arch}.${ext}',
      protocols: [{ schemes: ['planasonix'] }],
      linux: { target: ['deb'] },
      win: { target: ['msi'] },
      mac: { hardenedRuntime: true, notarize: true },
    });
  });

  it('builds macOS for Intel and Apple silicon (one universal app), not only the runner’s arch', () => {
    const mac = loadConfig().mac as { target: { target: string; arch: string[] }[] };
    expect(mac.target).toEqual([
      { target: 'dmg', arch: ['universal'] },
      { target: 'zip', arch: ['universal'] },
    ]);
  });

  it('settles the identity once, in package.json, where Electron reads it at run time too', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<string, unknown>;
    // Electron names the user-data folder, the Keychain/libsecret entries and (from desktopName)
    // the Linux WM_CLASS after these; electron-builder names the MSI's Manufacturer after author.
    expect(pkg).toMatchObject({
      productName: 'Planasonix Agent',
      desktopName: 'planasonix-agent.desktop',
      author: { name: 'Planasonix', email: 'support@planasonix.com' },
    });
    const config = loadConfig() as Record<string, Record<string, unknown>>;
    // No second copy in electron-builder.yml that could drift from what Electron uses.
    expect(config.productName).toBeUndefined();
    expect(config.executableName).toBeUndefined();
    // Only Linux's executable is renamed: Planasonix Agent.exe and Planasonix Agent.app stay named
    // as the MSI, install.sh and the macOS Applications folder expect.
    expect(config.linux).toMatchObject({ executableName: 'planasonix-agent', syncDesktopName: true });
    expect(config.linux?.maintainer).toBe(`Planasonix <${(pkg.author as { email: string }).email}>`);
  });

  it('packs only the four bundles and the generated icons', () => {
    const files = loadConfig().files as string[];
    const included = files.filter((pattern) => !pattern.startsWith('!'));
    expect(included).toEqual([
      'package.json',
      'dist/main/**/*',
      'dist/preload/**/*',
      'dist/renderer/**/*',
      'dist/agent/**/*',
      'dist/icons/tray/**/*',
      'dist/icons/app/**/*',
    ]);
    expect(files).toContain('!tests/**/*');
  });

  it('holds no secret: signing material comes from the environment only', () => {
    const text = readFileSync(new URL('electron-builder.yml', root), 'utf8');
    for (const key of ['certificatePassword', 'cscKeyPassword', 'cscLink', 'certificateFile']) {
      expect(text).not.toContain(`${key}:`);
    }
    expect(text).not.toMatch(/-----BEGIN|password:\s*\S/i);
  });

  it('points at files that exist in the repository', () => {
    const config = loadConfig() as { afterAllArtifactBuild: string; mac: { entitlements: string } };
    for (const path of [config.afterAllArtifactBuild, config.mac.entitlements]) {
      expect(() => readFileSync(new URL(path, root))).not.toThrow();
    }
  });
});
