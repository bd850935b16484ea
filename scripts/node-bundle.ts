// esbuild options for one of our Node programs as a single ESM file, shared by the desktop bundles
// (Electron's Node) and the headless host's (plain Node): the sources are ESM, and so is the output.
import type { BuildOptions } from 'esbuild';

// Bundled CommonJS dependencies require() Node builtins; ESM output needs a require for them.
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** `target` is the Node that runs it: node22 inside Electron 45, node20 for the headless host. */
export function nodeBundleOptions(
  entry: string,
  outfile: string,
  target: string,
): BuildOptions & { outfile: string } {
  return {
    bundle: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    entryPoints: [entry],
    outfile,
    platform: 'node',
    format: 'esm',
    target,
    banner: { js: ESM_REQUIRE_BANNER },
  };
}
