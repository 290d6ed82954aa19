/**
 * The committee's own profile, kept in its index room (`W/_index`) beside the list of its
 * documents: a root `Y.Map` `committee` whose `name` is the display name ("Comité des
 * partenaires du numérique éducatif") shown wherever the workspace id showed. Only the chair
 * and the secretariat may change this map; the relay enforces it (`shared/policy/`).
 */
import * as Y from 'yjs';

/** Name of the root `Y.Map` of the committee's profile in the index room. */
export const COMMITTEE_MAP = 'committee';
/** Key of the display name in it. */
export const COMMITTEE_NAME_KEY = 'name';
/** Longest display name, in UTF-16 code units. */
export const MAX_COMMITTEE_NAME_LENGTH = 200;

/** The profile map of an index document (raw: prefer `readCommitteeName`). */
export function committeeMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(COMMITTEE_MAP);
}

/** A display name as stored: spaces collapsed, trimmed; null when empty or too long. */
export function normaliseCommitteeName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.replace(/\s+/g, ' ').trim();
  return name === '' || name.length > MAX_COMMITTEE_NAME_LENGTH ? null : name;
}

/** The committee's display name, or null when none is set (or what is set is invalid). */
export function readCommitteeName(doc: Y.Doc): string | null {
  return normaliseCommitteeName(committeeMapOf(doc).get(COMMITTEE_NAME_KEY));
}

/** Sets the display name; throws on an empty or too long one. */
export function setCommitteeName(doc: Y.Doc, name: string): void {
  const normalised = normaliseCommitteeName(name);
  if (normalised === null) throw new Error('invalid committee name');
  committeeMapOf(doc).set(COMMITTEE_NAME_KEY, normalised);
}
