import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Headers on every answer: no framing, no sniffing, our own scripts and sockets only. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port} ws://[::1]:${port}`,
      "img-src 'self' data:",
      "style-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Planasonix Agent</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>The web UI is not built yet</h1>
<p>The agent host is running and its API is up, but the user interface (src-renderer) has not been
built into <code>dist/renderer/</code> of the repository. Build it with
<code>npm run build:renderer</code>, then reload this page (keep the <code>#token=…</code> part of the
address).</p>
</body></html>
`;

/** Serves the built renderer folder; paths that would leave it are refused. */
export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  rootDir: string,
  headers: Record<string, string>,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response
      .writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' })
      .end('method not allowed\n');
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    response.writeHead(400, { ...headers, 'Content-Type': 'text/plain' }).end('bad path\n');
    return;
  }
  const root = resolve(rootDir);
  const wanted = resolve(join(root, pathname === '/' ? 'index.html' : pathname));
  if (wanted !== root && !wanted.startsWith(root + sep)) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  // Unknown paths without an extension are app routes: the single-page app answers them.
  const index = join(root, 'index.html');
  const file = (await isFile(wanted)) ? wanted : extname(wanted) === '' || wanted === index ? index : null;
  if (file === null) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  if (file === index && !(await isFile(index))) {
    response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES['.html'] }).end(NOT_BUILT_PAGE);
    return;
  }
  const body = await readFile(file);
  response.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
