/**
 * What may import what (the README's Layout), checked in CI. Each rule names what a folder may not reach,
 * so adding a folder never silently widens what another may import. tests/layering plants a violation
 * of every rule and checks that exactly that rule catches it: a rule deleted or widened fails there.
 */
const ours = '^(src-shared|src-node|src-control-plane|src-agent|src-main|src-renderer)/';

module.exports = {
  forbidden: [
    {
      name: 'shared-imports-nothing-of-ours',
      comment: 'src-shared holds contracts and runtime-neutral rules: no imports from other src-* folders.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: ours, pathNot: '^src-shared/' },
    },
    {
      name: 'shared-is-runtime-neutral',
      comment: 'src-shared runs in Node, Electron and the browser: no node:* builtins.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'node-imports-only-shared',
      comment: 'src-node is Node code for several runtimes: it imports src-shared and nothing else of ours.',
      severity: 'error',
      from: { path: '^src-node/' },
      to: { path: ours, pathNot: '^src-(node|shared)/' },
    },
    {
      name: 'node-has-no-ui',
      comment: 'src-node runs without a DOM (its tsconfig has no DOM lib): no UI libraries either.',
      severity: 'error',
      from: { path: '^src-node/' },
      to: { path: '^(node_modules/)?(react|react-dom|zustand|@tanstack/react-virtual)(/|$)' },
    },
    {
      name: 'agent-and-control-plane-import-only-shared-and-node',
      comment:
        'The control plane and the agent import src-shared and src-node, never each other or the host.',
      severity: 'error',
      from: { path: '^(src-control-plane|src-agent)/' },
      to: { path: ours, pathNot: ['^src-(shared|node)/', '^$1/'] },
    },
    {
      name: 'host-imports-only-shared-and-node',
      comment: 'src-main starts the agent by path; it never imports it (or the control plane, or the UI).',
      severity: 'error',
      from: { path: '^src-main/' },
      to: { path: '^(src-control-plane|src-agent|src-renderer)/' },
    },
    {
      name: 'renderer-imports-only-the-host-api',
      comment:
        'The renderer knows the host only through the host API, plus the runtime-neutral rules it applies ' +
        'itself: the token formats and the API host check (enrollment form), the backoff (reconnects).',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: {
        path: '^(src-shared|src-control-plane|src-agent|src-main)/',
        pathNot: [
          '^src-shared/host-api/',
          '^src-shared/rest/tokens\\.ts$',
          '^src-shared/api-host\\.ts$',
          '^src-shared/backoff\\.ts$',
        ],
      },
    },
    {
      name: 'browser-code-never-imports-src-node',
      comment: 'The renderer and the Electron preload run sandboxed: src-node (Node code) is not for them.',
      severity: 'error',
      from: { path: ['^src-renderer/', '^src-main/electron/preload'] },
      to: { path: '^src-node/' },
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
