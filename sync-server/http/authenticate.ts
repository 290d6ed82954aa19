/**
 * Decides, from the upgrade request alone, whether a WebSocket may join a room — before any
 * room is loaded or any document byte is sent. Order matters: the token is checked first, so
 * someone without a valid token learns nothing about room names.
 */
import { identityFromClaims, type Identity } from '../../shared/model/identity.js';
import { parseRoomPath, type RoomName } from '../../shared/model/room-name.js';
import { CloseCode, type CloseCodeValue } from '../../shared/protocol/close-codes.js';
import { verifyJwt } from '../auth/jwt.js';

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

/** Authenticates a request URL (`/W/D?token=…&ack=1`) against the secret and the clock. */
export function admit(requestUrl: string, secret: string, nowSeconds: number): AdmissionResult {
  // The path is split by hand: WHATWG URL parsing would resolve `%2e%2e` segments, and the room
  // name must be judged exactly as the client sent it.
  const queryStart = requestUrl.indexOf('?');
  const path = queryStart < 0 ? requestUrl : requestUrl.slice(0, queryStart);
  const params = new URLSearchParams(queryStart < 0 ? '' : requestUrl.slice(queryStart + 1));
  const token = params.get('token');
  if (token === null || token === '')
    return { ok: false, code: CloseCode.Unauthorized, reason: 'token missing' };
  const verified = verifyJwt(token, secret);
  if (!verified.ok) return { ok: false, code: CloseCode.Unauthorized, reason: verified.reason };
  const claims = identityFromClaims(verified.payload, nowSeconds);
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
