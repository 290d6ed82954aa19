/**
 * Room names: the one canonical form used for the permission check, the storage key, the Redis
 * channel and the logs. Anything that is not already canonical is refused rather than repaired,
 * so two spellings can never reach the same room, or one spelling two rooms.
 *
 * Grammar (ASCII only, case-sensitive):
 *   segment   := [A-Za-z0-9_-]{1,64}        (an id never starts with `_`: that prefix is reserved)
 *   content   := workspace "/" document      e.g. `comite-numerique/charte-2026`
 *   review    := workspace "/" document "/_review"
 *   index     := workspace "/_index"
 */
import type { RoomKind } from './roles.js';

/** A parsed, canonical room name. */
export interface RoomName {
  /** The canonical string, identical to what was parsed. */
  readonly name: string;
  /** Workspace id (compared with the token's `ws` claim). */
  readonly workspace: string;
  /** Document id, absent for the workspace index. */
  readonly document?: string;
  /** Which kind of data the room holds. */
  readonly kind: RoomKind;
}

/** Result of parsing a room name: the room, or a reason fit for a close frame. */
export type RoomNameResult = { ok: true; room: RoomName } | { ok: false; reason: string };

/** Longest accepted room name, in characters (= bytes, since names are ASCII). */
export const MAX_ROOM_NAME_LENGTH = 200;
const ID = /^[A-Za-z0-9-][A-Za-z0-9_-]{0,63}$/;
const REVIEW_SUFFIX = '_review';
const INDEX_DOC = '_index';

/** True when `value` is a valid workspace or document id. */
export function isValidId(value: string): boolean {
  return ID.test(value);
}

/** Parses an already-decoded room name; refuses anything that is not in canonical form. */
export function parseRoomName(name: string): RoomNameResult {
  if (name.length === 0) return { ok: false, reason: 'empty room name' };
  if (name.length > MAX_ROOM_NAME_LENGTH) return { ok: false, reason: 'room name too long' };
  const parts = name.split('/');
  const [workspace, second, third] = parts;
  if (parts.length < 2 || parts.length > 3 || workspace === undefined || second === undefined) {
    return { ok: false, reason: 'room name must be workspace/document' };
  }
  if (!isValidId(workspace)) return { ok: false, reason: 'invalid workspace id' };
  if (parts.length === 2 && second === INDEX_DOC) {
    return { ok: true, room: { name, workspace, kind: 'index' } };
  }
  if (!isValidId(second)) return { ok: false, reason: 'invalid document id' };
  if (third === undefined)
    return { ok: true, room: { name, workspace, document: second, kind: 'content' } };
  if (third === REVIEW_SUFFIX) {
    return { ok: true, room: { name, workspace, document: second, kind: 'review' } };
  }
  return { ok: false, reason: 'unknown room kind' };
}

/**
 * Parses the path of a WebSocket URL (`/W/D`, percent-encoded by the client) into a room.
 * Percent-decoding happens exactly once; a `%` left after decoding (double encoding), dots,
 * control characters and any non-ASCII character are refused by the grammar above.
 */
export function parseRoomPath(pathname: string): RoomNameResult {
  if (!pathname.startsWith('/')) return { ok: false, reason: 'room path must start with /' };
  if (pathname.length > MAX_ROOM_NAME_LENGTH * 3 + 1)
    return { ok: false, reason: 'room name too long' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname.slice(1));
  } catch {
    return { ok: false, reason: 'room name is not valid percent-encoding' };
  }
  return parseRoomName(decoded);
}

/** The content room of a document. */
export function contentRoom(workspace: string, document: string): string {
  return `${workspace}/${document}`;
}

/** The review room (comments, suggestions) of a document. */
export function reviewRoom(workspace: string, document: string): string {
  return `${workspace}/${document}/${REVIEW_SUFFIX}`;
}

/** The index room of a workspace. */
export function indexRoom(workspace: string): string {
  return `${workspace}/${INDEX_DOC}`;
}
