/**
 * A tiny static file server for the renderer build (`dist/renderer`), for the e2e tests. Loopback
 * only, an ephemeral port, and the same Content-Security-Policy main sends with every page
 * (`buildCsp` in `main/windows/security.ts`), so a build that needs an inline script or a
 * <style> element fails here as it would in the app.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A running static server. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:43123/`. */
  readonly url: string;
  /** Paths requested, in order (lets a test check nothing outside the build was asked for). */
  readonly requests: readonly string[];
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * main's CSP, from main's compiled module (built by `tsc -b` with the renderer). Loaded at run
 * time rather than imported: `tests/` is not a TypeScript project that references `main/`, and a
 * copy of the policy here would drift from the one the app sends.
 */
async function appCsp(securityModule: string, relayOrigins: readonly string[]): Promise<string> {
  const loaded = (await import(pathToFileURL(securityModule).href).catch((error: unknown) => {
    throw new Error(`${securityModule} is missing: run \`npm run build\` first`, { cause: error });
  })) as { buildCsp: (options: { relayOrigins: readonly string[] }) => string };
  return loaded.buildCsp({ relayOrigins });
}

/**
 * Serves `root` on 127.0.0.1; rejects when `root/index.html` is missing. `relayOrigins`
 * (`ws://127.0.0.1:<port>`) are added to the CSP's `connect-src`, as main does for the configured
 * relay; none by default.
 */
export async function startStaticServer(
  root: string,
  relayOrigins: readonly string[] = [],
): Promise<StaticServer> {
  const base = resolve(root);
  await stat(join(base, 'index.html')).catch(() => {
    throw new Error(
      `${join(base, 'index.html')} is missing: run \`npm run build\` (or \`npm run build:renderer\`) first`,
    );
  });
  const csp = await appCsp(join(base, '..', 'main', 'windows', 'security.js'), relayOrigins);
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      requests.push(pathname);
      const file = resolve(base, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
      // Traversal guard: the resolved file must stay inside the build folder.
      if (file !== base && !file.startsWith(base + sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, {
          'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        response.end(body);
      } catch {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
