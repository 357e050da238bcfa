import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KitUrls } from '@web-identity/conformance';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** What the page server serves: the pages of this folder and their scripts as `build.ts` bundled them. */
const ROOTS: Record<string, string> = {
  '/built/': here('../dist/'),
  '/page/': here('../page/'),
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/**
 * Serves the browser pages next to the kit, on 127.0.0.1 (a secure context: Web Locks, Service Workers). `/` is
 * `/kit.json` tells a page where the kit listens. The Service Worker (`/built/signing-sw.js`) is served with
 * `Service-Worker-Allowed: /` so it may control the whole origin.
 */
export async function servePages(kit: KitUrls): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/kit.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(kit));
      return;
    }
    const prefix = Object.keys(ROOTS).find((r) => path.startsWith(r)) ?? '';
    const dir = ROOTS[prefix] ?? '';
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!dir || !file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'service-worker-allowed': '/',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
