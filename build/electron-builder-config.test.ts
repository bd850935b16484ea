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
      productName: 'Planasonix Agent',
      asar: true,
      npmRebuild: false,
      artifactName: 'planasonix-agent-${version}-${os}-${arch}.${ext}',
      protocols: [{ schemes: ['planasonix'] }],
      linux: { target: ['deb'] },
      win: { target: ['msi'] },
      mac: { target: ['dmg', 'zip'], hardenedRuntime: true, notarize: true },
    });
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
