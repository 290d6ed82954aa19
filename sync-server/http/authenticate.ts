/**
 * Decides, from the upgrade request alone, whether a WebSocket may join a room — before any
 * room is loaded or any document byte is sent. Order matters: the token is checked first, so
 * someone without a valid token learns nothing about room names.
 */
import type { Identity } from '../../shared/model/identity.js';
import { parseRoomPath, type RoomName } from '../../shared/model/room-name.js';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import { readOfferedProtocols } from '../../shared/protocol/subprotocol.js';
import { checkToken } from '../auth/check-token.js';

/** What the upgrade request asks for, once authenticated. */
export interface Admission {
  readonly identity: Identity;
  readonly room: RoomName;
  /** The client opted in to acknowledgements with `ack=1`. */
  readonly wantsAck: boolean;
}

/** The admission, or the close code and reason to refuse with. */
export type AdmissionResult =
  { ok: true; admission: Admission } | { ok: false; code: CloseCodeValue; reason: string };

/**
 * Authenticates an upgrade: the request URL (`/W/D?ack=1`) and the token, which travels either
 * as the `entente.token.<JWT>` subprotocol (`offeredProtocols`, the desktop and web app: never
 * in a URL a proxy logs) or as `?token=` (stock y-websocket clients). Both at once is refused.
 */
export function admit(
  requestUrl: string,
  secret: string,
  nowSeconds: number,
  offeredProtocols: Iterable<string> = [],
): AdmissionResult {
  // The path is split by hand: WHATWG URL parsing would resolve `%2e%2e` segments, and the room
  // name must be judged exactly as the client sent it.
  const queryStart = requestUrl.indexOf('?');
  const path = queryStart < 0 ? requestUrl : requestUrl.slice(0, queryStart);
  const params = new URLSearchParams(queryStart < 0 ? '' : requestUrl.slice(queryStart + 1));
  const offered = readOfferedProtocols(offeredProtocols);
  const inUrl = params.get('token');
  if (offered.ambiguous || (offered.token !== null && inUrl !== null))
    return { ok: false, code: CloseCode.BadRequest, reason: 'token given more than once' };
  const token = offered.token ?? inUrl;
  if (token === null || token === '')
    return { ok: false, code: CloseCode.Unauthorized, reason: 'token missing' };
  const claims = checkToken(token, secret, nowSeconds);
  if (!claims.ok) return { ok: false, code: CloseCode.Unauthorized, reason: claims.reason };
  const room = parseRoomPath(path);
  if (!room.ok) return { ok: false, code: CloseCode.BadRequest, reason: room.reason };
  if (room.room.workspace !== claims.identity.workspace) {
    return { ok: false, code: CloseCode.Forbidden, reason: 'token is for another workspace' };
  }
  return {
    ok: true,
    admission: { identity: claims.identity, room: room.room, wantsAck: params.get('ack') === '1' },
  };
}

/** A multiplexed connection's admission: its identity, or how to refuse it. */
export type MuxAdmissionResult =
  { ok: true; identity: Identity } | { ok: false; code: CloseCodeValue; reason: string };

/**
 * Authenticates the upgrade of a multiplexed connection (`/_mux`, subprotocol `entente.mux.v1`,
 * PROTOCOL.md "Multiplexed connections"). It names no room: rooms are joined on it, each checked
 * then. Its token travels as a subprotocol only — only the app opens such connections.
 */
export function admitMux(
  requestUrl: string,
  secret: string,
  nowSeconds: number,
  offeredProtocols: Iterable<string>,
): MuxAdmissionResult {
  const offered = readOfferedProtocols(offeredProtocols);
  if (requestUrl.includes('?') && new URLSearchParams(requestUrl.split('?')[1]).has('token'))
    return { ok: false, code: CloseCode.BadRequest, reason: 'token must travel as a subprotocol' };
  if (offered.ambiguous)
    return { ok: false, code: CloseCode.BadRequest, reason: 'token given more than once' };
  if (offered.token === null || offered.token === '')
    return { ok: false, code: CloseCode.Unauthorized, reason: 'token missing' };
  const claims = checkToken(offered.token, secret, nowSeconds);
  if (!claims.ok) return { ok: false, code: CloseCode.Unauthorized, reason: claims.reason };
  return { ok: true, identity: claims.identity };
}
