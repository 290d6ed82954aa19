/**
 * The roles a committee member can hold in a workspace, and what each may do with each kind of
 * room. This is the single source of truth: the relay enforces it per message and the UI only
 * mirrors it, so a role can never do more than this table says, whatever its client sends.
 */
export const ROLES = ['chair', 'secretariat', 'member', 'reviewer', 'observer'] as const;

/** A workspace role, carried in the `role` claim of the token. */
export type Role = (typeof ROLES)[number];

/** True when `value` names a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What a connection may do in a room. `read` is implied by every access level. */
export type Access = 'none' | 'read' | 'write';

/**
 * The kinds of rooms a workspace holds (see `room-name.ts` for their names):
 * - `content`: the text of one document;
 * - `review`: comments and suggestions on one document, kept out of its text;
 * - `index`: the workspace's list of documents and their metadata.
 */
export type RoomKind = 'content' | 'review' | 'index';

const WRITERS: Record<RoomKind, readonly Role[]> = {
  content: ['chair', 'secretariat', 'member'],
  // Reviewers write review data (comments, suggestions) and nothing else: that is their job.
  review: ['chair', 'secretariat', 'member', 'reviewer'],
  index: ['chair', 'secretariat', 'member'],
};

/** The access `role` has to rooms of `kind`. Every role may read every room of its workspace. */
export function accessFor(role: Role, kind: RoomKind): Access {
  return WRITERS[kind].includes(role) ? 'write' : 'read';
}
