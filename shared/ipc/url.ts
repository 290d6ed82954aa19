/**
 * WHATWG URL parsing for `shared/`.
 *
 * NOTE: why a local declaration? `URL` exists at run time everywhere Entente runs (Node, Electron,
 * every browser), but `shared/` compiles with `lib: ["ES2022"]`, which has no typings for it.
 * Declaring it as a *global* would clash with `lib.dom.d.ts` and `@types/node` in projects that
 * include `shared/` tests; this module-scoped ambient declaration only gives this file a typed
 * name for the runtime global, and describes only the members we read.
 */

/** The members of a WHATWG `URL` that shared code reads. */
export interface ParsedUrl {
  /** Serialised, normalised URL. */
  readonly href: string;
  /** Scheme with its colon, lower-cased: `wss:`. */
  readonly protocol: string;
  /** Userinfo name; non-empty only when the URL carries credentials. */
  readonly username: string;
  /** Userinfo password; non-empty only when the URL carries credentials. */
  readonly password: string;
  /** Host and non-default port. */
  readonly host: string;
  /** Host without port (IPv6 in brackets). */
  readonly hostname: string;
  /** Port, `''` when it is the scheme's default. */
  readonly port: string;
  /** Path, percent-encoded. */
  readonly pathname: string;
  /** Query with its `?`, or `''`. */
  readonly search: string;
  /** Fragment with its `#`, or `''`. */
  readonly hash: string;
}

declare const URL: new (input: string) => ParsedUrl;

/** Parses an absolute URL, or returns null when it is not one. */
export function parseUrl(input: string): ParsedUrl | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}
