import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveStatic } from './static-files.js';

let dir = '';
let server: Server | null = null;

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = null;
  await rm(dir, { recursive: true, force: true });
});

async function serve(root: string): Promise<string> {
  server = createServer((req, res) => void serveStatic(req, res, root, { 'X-Test': '1' }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

describe('serveStatic', () => {
  it('says how to build the UI while it is not built', async () => {
    dir = await mkdtemp(join(tmpdir(), 'static-'));
    const base = await serve(join(dir, 'missing'));
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('npm run build:renderer');
  });

  it('serves files with their type, routes to index.html, and refuses other methods and escapes', async () => {
    dir = await mkdtemp(join(tmpdir(), 'static-'));
    await mkdir(join(dir, 'ui', 'assets'), { recursive: true });
    await writeFile(join(dir, 'ui', 'index.html'), '<p>app</p>');
    await writeFile(join(dir, 'ui', 'assets', 'app.js'), 'export {}');
    await writeFile(join(dir, 'secret.txt'), 'outside');
    const base = await serve(join(dir, 'ui'));

    const script = await fetch(`${base}/assets/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-test')).toBe('1');
    expect(await (await fetch(`${base}/logs`)).text()).toBe('<p>app</p>');
    expect((await fetch(`${base}/missing.css`)).status).toBe(404);
    expect((await fetch(`${base}/..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });
});
