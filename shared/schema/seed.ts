/**
 * Seeding a new document with a template exactly once, even when several replicas seed it
 * concurrently while offline.
 *
 * NOTE: the technique. Yjs identifies every struct by (clientID, clock) and, on merge, keeps one
 * copy of each id. So the seed is built in a scratch `Y.Doc` whose `clientID` is derived from the
 * seed, by a fixed sequence of operations starting at clock 0, and its update is applied to the
 * target. Every replica that seeds the same content produces the same ids *and the same bytes*;
 * after sync the template appears once. Re-seeding an already seeded document is a no-op.
 *
 * Invariants this relies on:
 * - The scratch content is a pure function of (seedKey, template): nothing else (no time, no
 *   user id) enters it. Same ids with different content would make replicas diverge for good, so
 *   the client id also hashes the content: two *different* seeds (another app version's
 *   template) get different ids and both appear — visible and fixable, never corrupt.
 *   `createdBy`/`createdAt` are written separately by `setCreation`.
 * - The seed id never equals a live session's id. Yjs draws session ids with lib0's
 *   `random.uint32()`, i.e. in [0, 2^32); seed ids live in [2^48, 2^49), which no random
 *   session id reaches. 2^48 also leaves 48 hash bits, so two different seeds in one document
 *   collide with negligible probability, and stays under 2^49, the largest value our update
 *   validator's 7-byte varUint accepts (`shared/protocol/bounded-decoder.ts`).
 * - No session ever edits as the seed client: the scratch doc is thrown away after encoding.
 *   Later edits that delete seeded text are ordinary deletes by the editing session.
 */
import * as Y from 'yjs';
import { CONTENT_FIELD, SCHEMA_VERSION, metaMapOf, normalizeTitle } from './doc-schema.js';
import type { DocumentKind } from './doc-schema.js';
import { appendJsonToFragment } from './json-to-yjs.js';
import type { PmDoc } from './prosemirror-json.js';

/** What a template provides to seed a document. */
export interface SeedTemplate {
  /** Kind written to `meta.kind`. */
  readonly kind: DocumentKind;
  /** Initial title written to `meta.title`. */
  readonly title: string;
  /** Initial content, as ProseMirror JSON for Tiptap's schema. */
  readonly content: PmDoc;
}

/** Smallest seed client id: above every id `random.uint32()` can draw. */
export const SEED_CLIENT_ID_BASE = 2 ** 48;

/** 32-bit FNV-1a over UTF-16 code units, with a chosen offset basis. */
function fnv1a(input: string, basis: number): number {
  let hash = basis >>> 0;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The client id of a seed: in [2^48, 2^49), a 48-bit hash of the seed key and the template.
 * Two FNV-1a lanes with different offset bases give the 48 bits (16 + 32).
 */
export function seedClientId(seedKey: string, template: SeedTemplate): number {
  const input = `${seedKey}\u0000${SCHEMA_VERSION}\u0000${canonicalJson(template)}`;
  const high = fnv1a(input, 0x811c9dc5) & 0xffff;
  const low = fnv1a(input, 0x050c5d1f);
  return SEED_CLIENT_ID_BASE + high * 2 ** 32 + low;
}

/** The seed as a Yjs update (v1), identical on every replica for the same arguments. */
export function encodeSeed(template: SeedTemplate, seedKey: string): Uint8Array {
  if (seedKey.length === 0) throw new Error('seedKey must not be empty');
  const title = normalizeTitle(template.title);
  if (title.length === 0) throw new Error('template title must not be empty');
  const scratch = new Y.Doc({ gc: false });
  scratch.clientID = seedClientId(seedKey, template);
  scratch.transact(() => {
    // Fixed order: meta keys, then content. Changing this order changes the seed's bytes, which
    // is why SCHEMA_VERSION is part of the hashed input.
    const meta = metaMapOf(scratch);
    meta.set('title', title);
    meta.set('kind', template.kind);
    meta.set('status', 'brouillon');
    meta.set('schemaVersion', SCHEMA_VERSION);
    appendJsonToFragment(scratch.getXmlFragment(CONTENT_FIELD), template.content);
  });
  const update = Y.encodeStateAsUpdate(scratch);
  scratch.destroy();
  return update;
}

/**
 * Seeds `doc` with `template`, idempotently across replicas: any number of replicas calling
 * this with the same `seedKey` and template, in any order, online or not, end up with one copy.
 * Use the document's room name (`W/D`) as `seedKey`. `origin` tags the transaction.
 */
export function seedDocument(
  doc: Y.Doc,
  template: SeedTemplate,
  seedKey: string,
  origin: unknown = 'seed',
): void {
  Y.applyUpdate(doc, encodeSeed(template, seedKey), origin);
}
