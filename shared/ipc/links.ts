/**
 * `entente://` links: what a link in an e-mail or a web page may ask the desktop app to do.
 * A link comes from outside (any web page can launch one), so the parser accepts one exact
 * grammar and refuses everything else rather than repairing it.
 *
 * Grammar (scheme case-insensitive, everything else case-sensitive, ASCII only):
 *   link      := "entente://" ( workspace | document | join )
 *   workspace := "workspace/" id ["/"]                      open a workspace
 *   document  := "document/" id "/" id ["/"]                open a document of a workspace
 *   join      := "join" ["/"] "?" param "&" param           join a workspace on a relay
 *   param     := "relay=" pct-encoded relay URL | "token=" jwt   (each exactly once, any order)
 *   id        := see `isValidId` in `shared/model/room-name.ts`
 *   jwt       := b64url "." b64url "." b64url               (at most 4096 characters)
 *
 * The optional trailing `/` is tolerated because some launchers (Windows shell, browsers) add
 * one to custom-scheme URLs; it changes nothing.
 *
 * NOTE: why not `new URL()`? Chromium parsed non-special schemes differently from Node until
 * recently (`entente://document/a/b` had an empty host and the path `//document/a/b`), and the
 * same link is parsed in main (Node) and in the web build (a browser). A hand parser over this
 * small grammar gives the same answer everywhere; the relay URL inside a join link is a special
 * (`wss:`) URL, which every runtime parses alike.
 */
import { isValidId } from '../model/room-name.js';
import { hasBlankOrControl, parseRelayUrl } from './relay-url.js';

/** The scheme of Entente links, without `://`. */
export const LINK_SCHEME = 'entente';

/** Longest accepted link, in characters (a join link holds a relay URL and a token). */
export const MAX_LINK_LENGTH = 8192;

/** Longest accepted join token; the relay refuses longer ones (`sync-server/auth/jwt.ts`). */
export const MAX_JOIN_TOKEN_LENGTH = 4096;

/** What a link asks the app to open. */
export type OpenLinkTarget =
  | { readonly kind: 'workspace'; readonly workspace: string }
  | { readonly kind: 'document'; readonly workspace: string; readonly document: string }
  | { readonly kind: 'join'; readonly relay: string; readonly token: string };

/** Result of {@link parseEntenteLink}: the target, or why the link was refused. */
export type LinkResult = { ok: true; target: OpenLinkTarget } | { ok: false; reason: string };

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const PREFIX = `${LINK_SCHEME}://`;

/** True when `token` has the shape of a join token (a compact JWT within the length limit). */
export function isJoinToken(token: string): boolean {
  return token.length <= MAX_JOIN_TOKEN_LENGTH && JWT.test(token);
}

/** True when `text` starts with the Entente scheme (case-insensitive), i.e. is meant as a link. */
export function looksLikeEntenteLink(text: string): boolean {
  return text.slice(0, PREFIX.length).toLowerCase() === PREFIX;
}

/** Parses an `entente://` link; refuses anything outside the grammar above. */
export function parseEntenteLink(link: string): LinkResult {
  if (link.length > MAX_LINK_LENGTH) return refuse('link too long');
  if (!looksLikeEntenteLink(link)) return refuse('not an entente:// link');
  if (hasBlankOrControl(link)) return refuse('link contains blanks or control characters');
  if (link.includes('#')) return refuse('link must not have a fragment');
  const rest = link.slice(PREFIX.length);
  const queryStart = rest.indexOf('?');
  const path = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const query = queryStart === -1 ? null : rest.slice(queryStart + 1);
  const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  const [kind, ...ids] = segments;

  if (kind === 'join') {
    if (ids.length !== 0) return refuse('join link has no path');
    if (query === null) return refuse('join link needs relay and token');
    return parseJoin(query);
  }
  if (query !== null) return refuse('only join links take parameters');
  if (!ids.every(isValidId)) return refuse('invalid workspace or document id');
  const [workspace, doc] = ids;
  if (kind === 'workspace' && ids.length === 1 && workspace !== undefined) {
    return { ok: true, target: { kind: 'workspace', workspace } };
  }
  if (kind === 'document' && ids.length === 2 && workspace !== undefined && doc !== undefined) {
    return { ok: true, target: { kind: 'document', workspace, document: doc } };
  }
  return refuse('unknown link kind');
}

/** Writes the canonical link for a target; `parseEntenteLink` gives the target back. */
export function formatEntenteLink(target: OpenLinkTarget): string {
  switch (target.kind) {
    case 'workspace':
      return `${PREFIX}workspace/${target.workspace}`;
    case 'document':
      return `${PREFIX}document/${target.workspace}/${target.document}`;
    case 'join':
      return `${PREFIX}join?relay=${encodeURIComponent(target.relay)}&token=${target.token}`;
  }
}

function parseJoin(query: string): LinkResult {
  const values = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return refuse('malformed join parameter');
    const name = pair.slice(0, equals);
    if (name !== 'relay' && name !== 'token') return refuse(`unknown join parameter`);
    if (values.has(name)) return refuse(`repeated join parameter ${name}`);
    const value = decodeOnce(pair.slice(equals + 1));
    if (value === null) return refuse(`join parameter ${name} is not valid percent-encoding`);
    values.set(name, value);
  }
  const relay = parseRelayUrl(values.get('relay') ?? '');
  if (!relay.ok) return refuse(`invalid relay: ${relay.reason}`);
  const token = values.get('token') ?? '';
  if (!isJoinToken(token)) return refuse('invalid join token');
  return { ok: true, target: { kind: 'join', relay: relay.url, token } };
}

/** Percent-decodes exactly once; `+` stays `+` (this is not form encoding). */
function decodeOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function refuse(reason: string): LinkResult {
  return { ok: false, reason };
}
