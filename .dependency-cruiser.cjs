/**
 * What may import what (the README's Layout), checked in CI. Each rule names what a folder may not reach,
 * so adding a folder never silently widens what another may import.
 */
const ours = '^(src-shared|src-control-plane|src-agent|src-main|src-renderer)/';

module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'src-shared holds contracts only: no imports from other src-* folders.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: ours, pathNot: '^src-shared/' },
    },
    {
      name: 'shared-is-runtime-neutral',
      comment: 'src-shared runs in Node, Electron and the browser: no node:* builtins, no electron.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'leaf-layers-import-only-shared',
      comment: 'control plane, agent and renderer import only src-shared (and never each other).',
      severity: 'error',
      from: { path: '^(src-control-plane|src-agent|src-renderer)/' },
      to: { path: ours, pathNot: ['^src-shared/', '^$1/'] },
    },
    {
      name: 'host-imports-only-shared',
      comment: 'src-main starts the agent by path; it never imports it (or the control plane, or the UI).',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^(src-control-plane|src-agent|src-renderer)/' },
    },
    {
      name: 'only-the-electron-shell-imports-electron',
      comment: 'Everything but src-main/electron (shell and preload) runs under plain Node or a browser.',
      severity: 'error',
      from: { pathNot: '^src-main/electron/' },
      to: { path: '^(node_modules/)?electron(/|$)', pathNot: '^node_modules/electron-(store|builder)' },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer is sandboxed: no node:* builtins.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'control-plane-http-is-machinery',
      comment:
        'src-control-plane/http holds the route-table machinery only: features import it, never the reverse.',
      severity: 'error',
      from: { path: '^src-control-plane/http/' },
      to: { path: '^src-control-plane/', pathNot: '^src-control-plane/http/' },
    },
    {
      name: 'control-plane-store-is-the-database',
      comment: 'src-control-plane/store opens the database and migrates it; it knows no feature.',
      severity: 'error',
      from: { path: '^src-control-plane/store/' },
      to: { path: '^src-control-plane/', pathNot: '^src-control-plane/store/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
    // Cruise our code only: root config files, scripts and build output are not part of the layering.
    exclude: { path: ['^(dist|out|release|coverage|scripts|build)/', '^tests/fixtures/'] },
  },
};
