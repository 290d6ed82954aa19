/**
 * How the desktop and web app hand the relay their token without putting it in the URL: as a
 * WebSocket subprotocol (`Sec-WebSocket-Protocol`), which the browser API can set and which
 * access logs of TLS proxies do not record, unlike the request line. PROTOCOL.md "Connection".
 *
 *   Sec-WebSocket-Protocol: entente.v1, entente.token.<JWT>
 *
 * The relay selects `entente.v1` (never the token) in its answer, as browsers require that it
 * pick one of the offered values. A JWT is base64url parts joined by dots, all of which are
 * RFC 7230 `tchar`s, so it is a valid subprotocol token as is.
 */

/** The protocol the relay selects; offering it says "I speak Entente". */
export const ENTENTE_SUBPROTOCOL = 'entente.v1';

/** Prefix of the subprotocol that carries the token. */
export const TOKEN_SUBPROTOCOL_PREFIX = 'entente.token.';

/** RFC 7230 token characters: what a subprotocol value may hold. */
const TCHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The subprotocols a client offers to authenticate with `token`. */
export function subprotocolsFor(token: string): string[] {
  const carried = TOKEN_SUBPROTOCOL_PREFIX + token;
  if (!TCHARS.test(carried)) throw new TypeError('token cannot travel as a subprotocol');
  return [ENTENTE_SUBPROTOCOL, carried];
}

/** What a client offered in `Sec-WebSocket-Protocol`. */
export interface OfferedProtocols {
  /** True when `entente.v1` was offered (the relay must then select it). */
  readonly entente: boolean;
  /** The token carried by `entente.token.<JWT>`, or null when none was offered. */
  readonly token: string | null;
  /** True when more than one token was offered: the request is refused, never guessed at. */
  readonly ambiguous: boolean;
}

/** Reads the offered subprotocols (the values of the header, already split on commas). */
export function readOfferedProtocols(offered: Iterable<string>): OfferedProtocols {
  let entente = false;
  let token: string | null = null;
  let ambiguous = false;
  for (const raw of offered) {
    const value = raw.trim();
    if (value === ENTENTE_SUBPROTOCOL) entente = true;
    else if (value.startsWith(TOKEN_SUBPROTOCOL_PREFIX)) {
      if (token !== null) ambiguous = true;
      token = value.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    }
  }
  return { entente, token, ambiguous };
}
