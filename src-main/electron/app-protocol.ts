import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { APP_SCHEME, resolveAppAsset } from './app-origin.js';

/** Must run before the app is ready: app:// behaves like https (standard, secure origin). */
export function registerAppScheme(): void {
  // corsEnabled: Vite's built page loads its module scripts with the `crossorigin` attribute.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, corsEnabled: true } },
  ]);
}

/** Serves the built renderer (dist/renderer) on app://renderer/, every response with a strict CSP header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(rendererDir, request.url);
    if (!asset.ok) return new Response(null, { status: asset.status });
    // Electron's file fetch knows the MIME types; we only add our headers to what it answers.
    const file = await net.fetch(pathToFileURL(asset.path).toString());
    const headers: Record<string, string> = Object.fromEntries(file.headers.entries());
    // Only the app's own scripts and styles: no inline script, no eval, no remote anything. Kept as
    // one literal so Electronegativity can evaluate it.
    headers['content-security-policy'] =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
    headers['x-content-type-options'] = 'nosniff';
    return new Response(file.body, { status: file.status, headers });
  });
}
