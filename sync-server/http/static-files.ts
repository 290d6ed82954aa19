/**
 * Serves the renderer build (the web app) over HTTP, so a link to the relay opens the editor in
 * a browser. The app then connects back to this relay over WebSocket, where its token's role
 * limits what it may do, exactly as for the desktop app.
 *
 * The request → file decision is the pure {@link resolveWebPath}; {@link serveWebApp} touches
 * the disk (symbolic links are checked against the real root there). Headers come from
 * {@link webAppHeaders}, the policy from {@link webAppCsp}.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { webAppPolicy } from '../../shared/web/content-security-policy.js';
import { mimeTypeForExtension } from '../../shared/web/mime-types.js';
import { decodePathSegments } from '../../shared/web/path-segments.js';

/** Where a request target leads. */
export type WebPathResolution =
  | { readonly ok: true; readonly filePath: string; readonly fallback: boolean }
  | { readonly ok: false; readonly status: 400 | 405 };

/** The page served for `/` and for client-side routes. */
export const INDEX_FILE = 'index.html';

/** Longest request target considered; the build has no path anywhere near it. */
const MAX_TARGET_LENGTH = 2048;

/** The MIME type of a file; unknown extensions are opaque bytes (never sniffed: `nosniff`). */
export function mimeTypeOf(filePath: string): string {
  return mimeTypeForExtension(path.extname(filePath));
}

/** True when `child` is `parent` or below it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  if (relative === '') return true;
  // `..foo` is a name inside; `..` and `../…` lead out.
  const leaves = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !leaves && !path.isAbsolute(relative);
}

/**
 * Maps a raw request target (`req.url`) to a file under `root`, refusing anything that could
 * leave it. The target is not normalised by a URL parser first: a dot segment, literal or
 * encoded, is refused rather than resolved.
 *
 * - Only GET and HEAD (405 otherwise); only origin-form targets (`/…`).
 * - Each segment is percent-decoded once; a segment that is empty, `.` or `..` after decoding,
 *   or holds `/`, `\`, `:` or a control character (an encoded separator, a Windows drive or
 *   stream name, NUL), is refused (400).
 * - `/` is `index.html`; a path whose last segment has no extension may fall back to
 *   `index.html` when missing (`fallback`), so a client-side route survives a reload.
 */
export function resolveWebPath(target: string, method: string, root: string): WebPathResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  const end = target.search(/[?#]/);
  const pathname = end < 0 ? target : target.slice(0, end);
  if (!pathname.startsWith('/') || pathname.length > MAX_TARGET_LENGTH) {
    return { ok: false, status: 400 };
  }
  const segments = decodePathSegments(pathname, INDEX_FILE);
  if (segments === null) return { ok: false, status: 400 };
  const base = path.resolve(root);
  const filePath = path.resolve(base, ...segments);
  // Defence in depth: the checks above already rule this out.
  if (!isInside(base, filePath) || filePath === base) return { ok: false, status: 400 };
  const last = segments[segments.length - 1] ?? '';
  return { ok: true, filePath, fallback: path.extname(last) === '' };
}

// host[:port], where host is a DNS name, an IPv4 address or a bracketed IPv6 address. Nothing
// else may reach the policy: a forged Host header must not add a directive or a source.
const HOST_HEADER =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The Content-Security-Policy of the web app (`webAppPolicy`, the same as the desktop app's). The
 * app connects to the relay that served it, over
 * WebSocket: `connect-src 'self'` does not cover `ws:`/`wss:` in every browser, so the ws and
 * wss origins of the request's Host are added, when the Host is a plain `host[:port]`.
 */
export function webAppCsp(host: string | undefined): string {
  const relay =
    host !== undefined && host.length <= 260 && HOST_HEADER.test(host)
      ? [`ws://${host.toLowerCase()}`, `wss://${host.toLowerCase()}`]
      : [];
  return webAppPolicy(relay);
}

/**
 * Headers of a served file. The page is re-validated on every load (a new build, a new policy);
 * Vite's `assets/` files carry a content hash in their name and are cached for a year.
 */
export function webAppHeaders(
  root: string,
  filePath: string,
  host: string | undefined,
): Record<string, string> {
  const type = mimeTypeOf(filePath);
  const hashed = path.relative(root, filePath).split(path.sep)[0] === 'assets';
  return {
    'Content-Type': type,
    'Content-Security-Policy': webAppCsp(host),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control':
      hashed && !type.startsWith('text/html') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

/**
 * The real path of a web root that holds an `index.html`, or null when there is no web app to
 * serve there. Called once at start-up.
 */
export async function openWebRoot(dir: string): Promise<string | null> {
  try {
    const root = await realpath(path.resolve(dir));
    return (await existingFile(root, path.join(root, INDEX_FILE))) === null ? null : root;
  } catch {
    return null;
  }
}

/**
 * The web root of this package when none is configured: the renderer build next to the relay's
 * compiled code (`dist/sync-server/…` → `dist/renderer`), or, when the relay runs from its
 * sources (`sync-server/…`), the same `dist/renderer` of the package.
 */
export function defaultWebRoot(moduleDir: string): string {
  const parent = path.dirname(path.resolve(moduleDir));
  const packageDir = path.basename(parent) === 'dist' ? path.dirname(parent) : parent;
  return path.join(packageDir, 'dist', 'renderer');
}

/** The real path of a regular file inside `root`, or null (missing, a folder, or outside). */
async function existingFile(
  root: string,
  filePath: string,
): Promise<{ path: string; size: number } | null> {
  try {
    const real = await realpath(filePath);
    const info = await stat(real);
    // A symbolic link inside the build must not lead outside it.
    return info.isFile() && isInside(root, real) ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}

function refuse(res: ServerResponse, status: 400 | 404 | 405): void {
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (status === 405) headers.Allow = 'GET, HEAD';
  const body = { 400: 'bad request\n', 404: 'not found\n', 405: 'method not allowed\n' }[status];
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Answers a request from the web root (`root`: a real path from {@link openWebRoot}). Never
 * throws for a client's request; a file that vanishes while being read ends the response.
 */
export async function serveWebApp(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const resolution = resolveWebPath(req.url ?? '/', method, root);
  if (!resolution.ok) return refuse(res, resolution.status);
  let file = await existingFile(root, resolution.filePath);
  if (file === null && resolution.fallback) {
    file = await existingFile(root, path.join(root, INDEX_FILE));
  }
  if (file === null) return refuse(res, 404);
  res.writeHead(200, {
    ...webAppHeaders(root, file.path, req.headers.host),
    'Content-Length': String(file.size),
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}
