/**
 * Relay URLs: the one rule for which WebSocket endpoints Entente may sync with. Used by the
 * settings schema, by `entente://join` links and by main's Content-Security-Policy
 * (`connect-src`), so the three can never disagree.
 *
 * Rules:
 * - `wss:` anywhere; `ws:` only to a loopback host (a relay on the developer's own machine),
 *   because documents and tokens must never cross a network in clear (Electron security
 *   checklist, "Only load secure content").
 * - No credentials, query or fragment: the access token travels in the auth message, never in a
 *   URL that lands in settings files, logs and the CSP header.
 * - The host is a DNS name of letters, digits, `-`, `_` and dots (IDNs arrive as punycode), an
 *   IPv4 address or a bracketed IPv6 address. The WHATWG parser also lets `;`, `'`, `,` and `*`
 *   into hosts; in a CSP header those would end the directive or widen it, so they are refused.
 * - At most {@link MAX_RELAY_URL_LENGTH} characters.
 */
import { parseUrl } from './url.js';

/** Longest accepted relay URL, in characters. */
export const MAX_RELAY_URL_LENGTH = 2048;

/** A relay URL accepted by {@link parseRelayUrl}. */
export interface RelayUrl {
  /** Normalised URL (lower-case scheme and host, default port dropped). */
  readonly url: string;
  /** `scheme://host[:port]`, the form a CSP source expression takes. */
  readonly origin: string;
}

/** Result of {@link parseRelayUrl}: the relay, or why it was refused. */
export type RelayUrlResult = ({ ok: true } & RelayUrl) | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOSTNAME =
  /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$|^\[[0-9a-f:.]+\]$/;

/** Parses and normalises a relay URL; refuses anything outside the rules above. */
export function parseRelayUrl(input: string): RelayUrlResult {
  if (input.length === 0) return { ok: false, reason: 'empty relay URL' };
  if (input.length > MAX_RELAY_URL_LENGTH) return { ok: false, reason: 'relay URL too long' };
  // The URL parser silently strips surrounding blanks and inner tabs/newlines; a value that
  // needed that is not one a person typed on purpose.
  if (hasBlankOrControl(input)) {
    return { ok: false, reason: 'relay URL contains blanks or control characters' };
  }
  const url = parseUrl(input);
  if (url === null) return { ok: false, reason: 'relay URL is not a URL' };
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    return { ok: false, reason: 'relay URL must use wss:' };
  }
  if (url.protocol === 'ws:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, reason: 'ws: is allowed only for a relay on this computer; use wss:' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'relay URL must not carry credentials' };
  }
  if (url.search !== '' || url.hash !== '' || url.href.includes('?') || url.href.includes('#')) {
    return { ok: false, reason: 'relay URL must not have a query or fragment' };
  }
  if (!HOSTNAME.test(url.hostname)) return { ok: false, reason: 'relay URL has an invalid host' };
  return { ok: true, url: url.href, origin: `${url.protocol}//${url.host}` };
}

/** True when `text` holds a whitespace or C0/DEL control character. */
export function hasBlankOrControl(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || /\s/.test(text.charAt(i))) return true;
  }
  return false;
}

/** True when `input` is an acceptable relay URL. */
export function isRelayUrl(input: string): boolean {
  return parseRelayUrl(input).ok;
}
