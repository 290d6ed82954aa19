/**
 * The one rule for the target of a link in a shared document, for the editor (what it renders,
 * what it accepts when a member types or pastes a link) and for any later exporter: an absolute
 * `https:`, `http:` or `mailto:` address, and nothing else a link mark might carry (class,
 * target, title, rel, style) is ever taken from the document.
 *
 * A document is written by every member of a committee, and by whatever client a member runs:
 * its links are untrusted input. `javascript:` and `data:` run code; a relative or empty address
 * points back into the app (an empty one reloads it); a scheme hidden behind spaces, tabs, line
 * breaks or invisible characters (`java\tscript:`, which the URL parser would quietly repair) is
 * refused outright rather than repaired, so what the member sees is what the check saw.
 */
import { parseUrl } from '../ipc/url.js';

/** Schemes a link may use. `http:` links render; the shell may still refuse to open them. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['https:', 'http:', 'mailto:']);

/** Longest address kept: far above any real link, small enough to bound the work. */
export const MAX_LINK_HREF_LENGTH = 2048;

/**
 * Control characters, every Unicode space and separator, and the invisible format characters
 * (zero-width spaces and joiners, bidirectional controls, the byte-order mark).
 */
const HIDDEN_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;

/**
 * The address to render for a link whose stored `href` is `raw` — the URL parser's normal form —
 * or null when the link must render as plain text. Never throws, whatever `raw` is.
 */
export function safeLinkHref(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LINK_HREF_LENGTH) {
    return null;
  }
  if (HIDDEN_OR_SPACE.test(raw)) return null;
  const parsed = parseUrl(raw);
  if (parsed === null || !LINK_SCHEMES.has(parsed.protocol)) return null;
  // Credentials in a link (`https://bank.fr@evil.example`) only serve to disguise its host.
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.protocol === 'mailto:') return parsed.pathname === '' ? null : parsed.href;
  return parsed.hostname === '' ? null : parsed.href;
}

/** True when `raw` may be the target of a link (see {@link safeLinkHref}). */
export function isSafeLinkHref(raw: unknown): boolean {
  return safeLinkHref(raw) !== null;
}
