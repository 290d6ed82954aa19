/**
 * What an identity may change inside a room, beyond the room-wide access of `model/roles.ts`:
 * the one policy mechanism the relay applies to every update (and the UI mirrors). An update
 * is seen as the parts of the document it touches — a root type, and for a root map the key —
 * (`sync-server/relay/guarded-apply.ts` finds them from the transaction the update made), and
 * each part must be one the identity's role may change in that kind of room.
 *
 * Today: in a committee's index room, the profile (`committee`, its display name) belongs to
 * the chair and the secretariat; members keep writing the list of documents. The review work
 * adds its rules here (a reviewer writes only review data, each person only their own
 * comments), the lifecycle its own (an adopted document never changes).
 */
import type { Role, RoomKind } from '../model/roles.js';
import { COMMITTEE_MAP } from '../schema/committee-profile.js';

/** A part of a document an update changed: a root type and, for a root map, its key. */
export interface Touched {
  readonly root: string;
  /** The root map's key; null for a change of a root that is not keyed (text, array). */
  readonly key: string | null;
}

/** Who is writing, as the relay verified it. */
export interface Writer {
  readonly role: Role;
  readonly userId: string;
}

/** A refusal's reason, said to the client and logged. */
export type PolicyVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Roots of a room kind reserved to some roles (a root not listed: the room's access decides). */
const RESERVED_ROOTS: Readonly<Record<RoomKind, Readonly<Record<string, readonly Role[]>>>> = {
  content: {},
  review: {},
  index: { [COMMITTEE_MAP]: ['chair', 'secretariat'] },
};

/** True when rooms of `kind` have rules finer than their room-wide access. */
export function hasPolicy(kind: RoomKind): boolean {
  return Object.keys(RESERVED_ROOTS[kind]).length > 0;
}

/** Whether `writer` may change `part` in a room of `kind`. */
export function mayChangePart(kind: RoomKind, writer: Writer, part: Touched): boolean {
  const roles = RESERVED_ROOTS[kind][part.root];
  return roles === undefined || roles.includes(writer.role);
}

/** The verdict on an update of `writer` in a room of `kind` that changed `parts`. */
export function judgeChange(
  kind: RoomKind,
  writer: Writer,
  parts: readonly Touched[],
): PolicyVerdict {
  const denied = parts.find((part) => !mayChangePart(kind, writer, part));
  if (denied === undefined) return { ok: true };
  const roles = RESERVED_ROOTS[kind][denied.root] ?? [];
  return {
    ok: false,
    reason: `role "${writer.role}" may not change "${denied.root}" in this room (reserved to ${roles.join(', ')}); the change was not applied`,
  };
}
