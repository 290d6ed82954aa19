/**
 * Asks the relay whether it accepts an invitation, before the app lets that invitation replace
 * one it already holds for the committee (issue 9, point 2): a forged or revoked token opened
 * from a link must never lock a member out of a committee whose invitation works.
 *
 * The check is the real thing, not a guess from the claims: a connection to the workspace's index
 * room (`W/_index`, which every role may read) with the token as a subprotocol, as the app's own
 * connections carry it (`shared/protocol/subprotocol.ts`; never in the URL). The relay checks the
 * token, the room and the workspace during the upgrade, before it sends anything (PROTOCOL.md):
 *
 * - its first message (the room's sync step 1) means accepted;
 * - a close with a 44xx code before any message means refused, with the relay's reason;
 * - anything else — no answer within the deadline, no network, a close with another code (the
 *   relay restarting, storage unavailable), a socket the page may not open — means the relay
 *   could not say. The caller must then keep the current invitation: unknown is not accepted.
 *
 * Nothing is sent on the socket, and it is closed as soon as the answer is known.
 */
import { parseRelayUrl } from '../../shared/ipc/relay-url.js';
import { subprotocolsFor } from '../../shared/protocol/subprotocol.js';

/** The relay's answer. */
export type InvitationCheck =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'refused'; readonly code: number; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly cause: UnreachableCause };

/** Why the relay could not answer. */
export type UnreachableCause =
  /** Nothing came back within the deadline. */
  | 'timeout'
  /** The socket failed or closed without a verdict (network, restart, CSP, bad address). */
  | 'network'
  /** The caller gave up (`signal`). */
  | 'aborted';

/** What {@link checkInvitation} needs. */
export interface InvitationCheckOptions {
  /** The relay's base URL (`ws://` or `wss://`), as in the membership. */
  readonly relay: string;
  /** The workspace the invitation is for (its index room is opened). */
  readonly workspace: string;
  /** The invitation token to check. */
  readonly token: string;
  /** How long to wait for the relay, in ms (default {@link DEFAULT_CHECK_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** Gives up early (e.g. the member cancelled the dialog). */
  readonly signal?: AbortSignal;
  /** WebSocket constructor; defaults to the page's. */
  readonly WebSocketImpl?: typeof WebSocket;
}

/** Default deadline: long enough for a slow mobile link, short enough to wait for in a dialog. */
export const DEFAULT_CHECK_TIMEOUT_MS = 8000;

/** Close codes that are the relay's verdict on the request itself (PROTOCOL.md "Close codes"). */
const isVerdict = (code: number): boolean => code >= 4400 && code < 4500;

/** Asks the relay whether it accepts `token` for `workspace`. Never rejects. */
export function checkInvitation(options: InvitationCheckOptions): Promise<InvitationCheck> {
  const { workspace, token, signal } = options;
  const relay = parseRelayUrl(options.relay);
  if (!relay.ok) return Promise.resolve({ kind: 'unreachable', cause: 'network' });
  let protocols: string[];
  try {
    protocols = subprotocolsFor(token);
  } catch {
    // Not something a relay could even be asked about: refused on the client's side.
    return Promise.resolve({ kind: 'refused', code: 4401, reason: 'token malformed' });
  }
  if (signal?.aborted === true) return Promise.resolve({ kind: 'unreachable', cause: 'aborted' });
  const Impl = options.WebSocketImpl ?? WebSocket;

  return new Promise<InvitationCheck>((resolve) => {
    let socket: WebSocket | null = null;
    let settled = false;
    const settle = (result: InvitationCheck): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (socket !== null) {
        socket.onmessage = socket.onclose = socket.onerror = null;
        if (socket.readyState <= 1) socket.close(1000, 'invitation checked');
      }
      resolve(result);
    };
    const onAbort = (): void => settle({ kind: 'unreachable', cause: 'aborted' });
    const timer = setTimeout(
      () => settle({ kind: 'unreachable', cause: 'timeout' }),
      options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    );
    signal?.addEventListener('abort', onAbort);
    try {
      // A per-room connection (`<relay>/<room>`, base without its trailing slashes), apart from
      // the committee's own: the current token must keep working meanwhile. No query: nothing
      // in it a proxy's log could keep.
      socket = new Impl(`${relay.url.replace(/\/+$/, '')}/${workspace}/_index`, protocols);
    } catch {
      settle({ kind: 'unreachable', cause: 'network' });
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onmessage = () => settle({ kind: 'accepted' });
    socket.onclose = (event) =>
      settle(
        isVerdict(event.code)
          ? { kind: 'refused', code: event.code, reason: event.reason }
          : { kind: 'unreachable', cause: 'network' },
      );
    // An error is always followed by a close, which carries the code: wait for it.
  });
}
