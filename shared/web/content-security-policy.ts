/**
 * The web app's Content-Security-Policy, one policy for its two servers: the desktop app's
 * `app://` protocol (`buildCsp` in `main/windows/security.ts`) and the relay's HTTP server
 * (`webAppCsp` in `sync-server/http/static-files.ts`). The same build runs under both, so what
 * it may load cannot differ; only where it may connect does (the relay the user approved, or the
 * relay serving the page), and each caller checks those sources by its own rule first.
 *
 * No inline or eval script, no plugin, no frame, no form or base-URI target; inline `style`
 * attributes only (ProseMirror and the caret colours set them); images and media from the app
 * itself, `data:` and `blob:` URLs.
 */

/** A bare ws(s)/http(s) origin or host source: nothing that could end or add a directive. */
const SOURCE = /^(?:wss?|https?):\/\/[a-z0-9_.:[\]-]+$/i;

/** The policy, allowing connections to the page's own origin and to `connectSources`. */
export function webAppPolicy(connectSources: readonly string[]): string {
  for (const source of connectSources) {
    if (!SOURCE.test(source)) throw new Error(`not a connect source: ${JSON.stringify(source)}`);
  }
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...new Set(connectSources)],
    ['worker-src', "'self'"],
    ['media-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}
