import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The renderer: one static folder that loads the same from `file://` (Electron) and from the headless
// host's loopback server, hence the relative base. No dev-server-only features are relied on.
export default defineConfig({
  root: here('src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    // Inline assets would need `data:` in the CSP; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
