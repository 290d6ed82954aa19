/**
 * Serves the renderer build from `app://entente/…` (see `app-origin.ts` for why not `file://`).
 *
 * The request → file decision is the pure {@link resolveAppRequest}; the handler
 * ({@link createAppProtocolHandler}) reads the file and builds a fetch `Response`, so both are
 * tested in Node; {@link registerAppScheme} and {@link serveAppProtocol} are the Electron glue.
 *
 * Every response carries the Content-Security-Policy (documents *and* scripts: a worker's policy
 * is the one sent with the worker script) and `X-Content-Type-Options: nosniff`.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, tryParseUrl } from './app-origin.js';
import { mimeTypeForExtension } from '../../shared/web/mime-types.js';
import { decodePathSegments } from '../../shared/web/path-segments.js';

/** Where a request leads. */
export type AppRequestResolution =
  | { readonly ok: true; readonly filePath: string; readonly fallback: boolean }
  | { readonly ok: false; readonly status: 400 | 404 | 405 };

/** The MIME type served for a file; unknown extensions are opaque bytes (never sniffed). */
export function mimeTypeOf(filePath: string): string {
  return mimeTypeForExtension(path.extname(filePath));
}

/**
 * Maps a request to a file under `rootDir`, refusing anything that could leave it.
 *
 * - Only GET and HEAD, only `app://entente` (no credentials, no port).
 * - The path is percent-decoded once, segment by segment; a segment that is empty, `.` or `..`
 *   after decoding, or holds `/`, `\`, `:` or a control character (an encoded separator, a
 *   Windows drive or stream name, NUL), is refused. The URL parser has already removed literal
 *   dot segments, so any dot segment left was encoded to get past it.
 * - `/` is `index.html`; a missing path without an extension falls back to `index.html` so a
 *   client-side route survives a reload (`fallback`).
 * - The joined path is checked to be inside `rootDir` once more (defence in depth); symbolic
 *   links are checked by the handler, which can touch the disk.
 */
export function resolveAppRequest(
  url: string,
  method: string,
  rootDir: string,
): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  const parsed = tryParseUrl(url);
  if (
    parsed === null ||
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.host !== APP_HOST ||
    parsed.username !== '' ||
    parsed.password !== ''
  ) {
    return { ok: false, status: 400 };
  }
  const segments = decodePathSegments(parsed.pathname, 'index.html');
  if (segments === null) return { ok: false, status: 400 };
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  if (!isInside(root, filePath)) return { ok: false, status: 400 };
  const last = segments[segments.length - 1] ?? '';
  return { ok: true, filePath, fallback: path.extname(last) === '' };
}

/** True when `child` is `parent` or below it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Headers of a successful response. */
export function responseHeaders(filePath: string, csp: string): Record<string, string> {
  const type = mimeTypeOf(filePath);
  return {
    'Content-Type': type,
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    // The build's assets have content hashes; the page itself must be re-read on each load so
    // a new CSP (a new relay) applies.
    'Cache-Control': type.startsWith('text/html') ? 'no-cache' : 'public, max-age=31536000',
  };
}

/** What the protocol handler needs. */
export interface AppProtocolOptions {
  /** Folder of the renderer build (holds `index.html`). */
  readonly rootDir: string;
  /** The CSP to send, read on every request so a settings change applies on the next load. */
  readonly csp: () => string;
}

/** A `protocol.handle` handler serving `rootDir`. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  let realRoot: Promise<string> | undefined;
  return async (request) => {
    const resolution = resolveAppRequest(request.url, request.method, options.rootDir);
    if (!resolution.ok) return emptyResponse(resolution.status);
    realRoot ??= realpath(path.resolve(options.rootDir)).catch(() => '');
    const root = await realRoot;
    if (root === '') return emptyResponse(404);
    let filePath = await existingFile(resolution.filePath);
    if (filePath === null && resolution.fallback) {
      filePath = await existingFile(path.join(options.rootDir, 'index.html'));
    }
    // A symbolic link inside the build must not lead outside it.
    if (filePath === null || !isInside(root, filePath)) return emptyResponse(404);
    const headers = responseHeaders(filePath, options.csp());
    const body = request.method === 'HEAD' ? null : await readFile(filePath);
    return new Response(body, { status: 200, headers });
  };
}

/** The real path of a regular file, or null when there is none. */
async function existingFile(filePath: string): Promise<string | null> {
  try {
    const real = await realpath(filePath);
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

function emptyResponse(status: number): Response {
  return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });
}

/**
 * Declares `app:` a standard, secure scheme. Must run before `ready`. `standard` gives it real
 * origins and relative URLs; `secure` makes it a secure context (like https, required for
 * IndexedDB durability and crypto.subtle); `supportFetchAPI` lets the page fetch its assets.
 * No `bypassCSP`, no `corsEnabled` to other schemes, no service workers.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Serves the renderer build on the default session's `app:` scheme. Call after `ready`. */
export function serveAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  options: AppProtocolOptions,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}
