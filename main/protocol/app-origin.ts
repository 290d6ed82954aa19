/**
 * The origin the UI is served from. The renderer build is served from a custom privileged scheme
 * (`app://entente/…`, see `app-protocol.ts`) rather than `file://`: `file:` pages share one
 * opaque origin with every other local file, cannot receive response headers (so no real CSP),
 * and get extra privileges Electron recommends against (Electron security checklist, "Avoid usage
 * of the file:// protocol and prefer usage of custom protocols").
 *
 * Every trust decision in main (navigation, window creation, IPC sender) compares against this
 * one origin with {@link isAppUrl}.
 */

/** Scheme of the app protocol. */
export const APP_SCHEME = 'app';

/** The only host the app protocol serves. */
export const APP_HOST = 'entente';

/** `app://entente`: the UI's origin. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The page the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parses a URL, or returns null when it is not an absolute URL. */
export function tryParseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True when `url` is a page of the app: scheme `app:`, host `entente`, no port, no credentials.
 *
 * NOTE: `URL.origin` is the string "null" for non-special schemes such as `app:` in Node, so
 * the parts are compared instead; a string prefix test would let `app://entente.evil/` through.
 */
export function isAppUrl(url: string): boolean {
  const parsed = tryParseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
