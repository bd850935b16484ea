// Test support: project.wxs as electron-builder's MsiTarget writes it for our electron-builder.yml,
// rendered by MsiTarget's own writeManifest from app-builder-lib's template (WiX cannot run here, so
// this is as close to a real `--win msi` build as the tests get).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);

interface MsiTargetLike {
  options: Record<string, unknown>;
  writeManifest(appOutDir: string, arch: number, options: unknown): Promise<string>;
}
type MsiTargetClass = new (packager: unknown, outDir: string) => MsiTargetLike;

function loadMsiTarget() {
  // app-builder-lib's modules import each other in a cycle that only its index resolves.
  require('app-builder-lib');
  const { default: MsiTarget } = require('app-builder-lib/out/targets/MsiTarget.js') as {
    default: MsiTargetClass;
  };
  const { getEffectiveOptions } =
    require('app-builder-lib/out/options/CommonWindowsInstallerConfiguration.js') as {
      getEffectiveOptions: (options: unknown, packager: unknown) => unknown;
    };
  const { Arch } = require('builder-util') as { Arch: { x64: number } };
  return { MsiTarget, getEffectiveOptions, x64: Arch.x64 };
}

/** A win-unpacked folder with the few files whose names shape the template's output. */
function stageApp(dir: string, productFilename: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  for (const file of [`${productFilename}.exe`, 'ffmpeg.dll', join('resources', 'app.asar')]) {
    writeFileSync(join(dir, file), '');
  }
}

/** Renders project.wxs for `electron-builder.yml`'s win/msi settings into `workDir`'s app folder. */
export async function renderElectronBuilderWxs(workDir: string): Promise<string> {
  const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as {
    appId: string;
    msi: Record<string, unknown>;
  };
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    productName: string;
    author: { name: string };
    description: string;
  };
  const appOutDir = join(workDir, 'win-unpacked');
  stageApp(appOutDir, pkg.productName);
  const { MsiTarget, getEffectiveOptions, x64 } = loadMsiTarget();
  const packager = {
    config: { msi: config.msi },
    platformSpecificBuildOptions: {},
    appInfo: {
      productFilename: pkg.productName,
      productName: pkg.productName,
      sanitizedProductName: pkg.productName,
      sanitizedName: pkg.name,
      id: config.appId,
      companyName: pkg.author.name,
      description: pkg.description,
      getVersionInWeirdWindowsForm: () => '0.1.0.0',
    },
    getIconPath: () => Promise.resolve(join(workDir, 'icon.ico')),
    compression: 'normal',
    fileAssociations: [],
    expandMacro: (pattern: string) => pattern,
  };
  const target = new MsiTarget(packager, join(workDir, 'out'));
  return target.writeManifest(appOutDir, x64, getEffectiveOptions(target.options, packager));
}
