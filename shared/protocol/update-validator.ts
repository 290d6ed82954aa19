/**
 * A strict parser of Yjs update v1 messages (and of state vectors), run by the relay on every
 * update a client sends, before the bytes reach Yjs's own decoder or the store.
 *
 *   update    := structSection • deleteSet        (structSection: see update-structs.ts)
 *   deleteSet := varUint(m) • (varUint(client) • varUint(k) • (varUint(clock) • varUint(len)){k}){m}
 *
 * Refused, besides anything truncated or with trailing bytes: varUints over 7 bytes; counts the
 * remaining bytes cannot hold; clocks past 2^53 − 1; zero-length structs, items and deletes;
 * unknown struct, content, type, parent-info or Any tags; GC/Skip with flag bits; subdocuments;
 * strings that are not UTF-8; JSON that does not parse (the bare word `undefined` is allowed in
 * legacy JSON content, as Yjs writes it) or nests deeper than `maxAnyDepth`, like Any values;
 * Any object keys `__proto__`; a client twice in a section; delete ranges out of order or
 * overlapping; references to a same-client struct at or after the referrer; and the CRDT
 * contradictions of update-invariants.ts. Everything Yjs itself writes is accepted.
 *
 * Guarantees: never throws; work and memory are O(bytes.length), because every count is checked
 * against the bytes left (each element needs at least one byte) before it is looped over, every
 * length against the bytes left before it is skipped, and nothing is decoded recursively.
 *
 * NOTE: the checks are stateless. An update that passes can still contradict the document it
 * is applied to (ids it claims that the document holds differently, references into structs of
 * earlier updates), and Yjs may then throw or diverge; update-validator.invariants.test.ts shows
 * both. The relay must still treat `Y.applyUpdate` as fallible.
 */
import { BoundedDecoder, MalformedInput, reject } from './bounded-decoder.js';
import { readPositiveLength } from './update-content.js';
import { checkInvariants } from './update-invariants.js';
import { advanceClock, readStructSection } from './update-structs.js';

/** Limits applied on top of the structural checks. All counts are per update. */
export interface UpdateLimits {
  /** Largest update (or state vector) accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of lib0 Any values and of JSON text (embeds, formats, JSON content). */
  maxAnyDepth: number;
  /** Most client blocks in the struct section, and most clients in the delete set or state vector. */
  maxClients: number;
  /** Most structs in one client block; no limit beyond the input size when absent. */
  maxStructsPerClient?: number;
  /** Most delete ranges in the delete set, over all clients. */
  maxDeleteRanges: number;
}

/**
 * Limits used when none are given.
 *
 * - `maxBytes` 16 MiB: must exceed the largest legitimate *full* document state, because a
 *   client that edited offline uploads its whole state as one sync step 2; Entente's text
 *   documents with full history stay far below this. Relays may pass a smaller limit for live
 *   updates.
 * - `maxAnyDepth` 64: editor attributes are a few levels deep; lib0 and V8 recursion fails in
 *   the thousands, so 64 leaves a wide margin on both sides.
 * - `maxClients` 100,000: every editing session gets a fresh client id and a document's full
 *   state lists them all (20 members × 2 sessions a day × 5 years ≈ 73,000).
 * - `maxStructsPerClient`: not set; the byte limit already bounds it.
 * - `maxDeleteRanges` 1,000,000: a heavily edited document's history has tens of thousands.
 */
export const DEFAULT_UPDATE_LIMITS: Readonly<UpdateLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxAnyDepth: 64,
  maxClients: 100_000,
  maxDeleteRanges: 1_000_000,
});

/** What a valid update contains, in the terms the relay needs (ranges, not content). */
export interface ParsedUpdate {
  /** Per client: first clock and end clock (exclusive) of the structs, Skips included. */
  structs: Map<number, { clock: number; end: number }>;
  /** Number of structs (GC, Skip and items) over all clients. */
  structCount: number;
  /** True when some struct is a Skip (the update has gaps, e.g. a merge of non-adjacent updates). */
  hasSkips: boolean;
  /** Delete ranges in wire order: each client once, its ranges sorted and disjoint. */
  deletes: Array<{ client: number; clock: number; len: number }>;
  /** True when the update carries no struct and no delete. */
  isEmpty: boolean;
}

/** Result of `validateUpdate`: the parsed summary, or a short reason free of document content. */
export type UpdateCheck = { ok: true; update: ParsedUpdate } | { ok: false; reason: string };

/** Result of `validateStateVector`: client → clock, or a short reason. */
export type StateVectorCheck =
  { ok: true; stateVector: Map<number, number> } | { ok: false; reason: string };

/** Smallest delete-set client entry, and smallest delete range: two varUints. */
const MIN_PAIR_BYTES = 2;

/**
 * Checks that `bytes` is a well-formed Yjs update v1 within `limits`, and summarises it.
 * Never throws; see the module comment for what is checked.
 */
export function validateUpdate(
  bytes: Uint8Array,
  limits: UpdateLimits = DEFAULT_UPDATE_LIMITS,
): UpdateCheck {
  return guard(bytes, limits, () => {
    const decoder = new BoundedDecoder(bytes);
    const { section, facts } = readStructSection(decoder, limits);
    const deletes = readDeleteSet(decoder, limits);
    if (decoder.remaining > 0) reject('trailing bytes after the delete set');
    checkInvariants(facts, deletes);
    const { structs, structCount, hasSkips } = section;
    const isEmpty = structCount === 0 && deletes.length === 0;
    const update: ParsedUpdate = { structs, structCount, hasSkips, deletes, isEmpty };
    return { ok: true, update };
  });
}

/**
 * Checks a state vector (the payload of sync step 1): `varUint(n) • (varUint(client) •
 * varUint(clock)){n}`, each client at most once, no trailing bytes. Never throws.
 */
export function validateStateVector(
  bytes: Uint8Array,
  limits: Pick<UpdateLimits, 'maxBytes' | 'maxClients'> = DEFAULT_UPDATE_LIMITS,
): StateVectorCheck {
  return guard(bytes, limits, () => {
    const decoder = new BoundedDecoder(bytes);
    const stateVector = new Map<number, number>();
    const count = decoder.readCount('state vector size', MIN_PAIR_BYTES, limits.maxClients);
    for (let i = 0; i < count; i++) {
      const client = decoder.readVarUint('state vector client');
      const clock = decoder.readVarUint('state vector clock');
      if (stateVector.has(client)) reject('client appears twice in the state vector');
      stateVector.set(client, clock);
    }
    if (decoder.remaining > 0) reject('trailing bytes after the state vector');
    return { ok: true, stateVector };
  });
}

/** Applies the size limit, runs `parse` and turns every failure into `{ ok: false }`. */
function guard<T extends { ok: true }>(
  bytes: Uint8Array,
  limits: Pick<UpdateLimits, 'maxBytes'>,
  parse: () => T,
): T | { ok: false; reason: string } {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'input is not a byte array' };
  if (bytes.length > limits.maxBytes) {
    return { ok: false, reason: `${bytes.length} bytes is above the limit ${limits.maxBytes}` };
  }
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedInput) return { ok: false, reason: error.reason };
    // Not expected (the parser only fails through MalformedInput); kept so that a bug here
    // refuses one update instead of crashing the relay. The fuzz test asserts it never happens.
    return { ok: false, reason: 'internal validator error' };
  }
}

/**
 * NOTE: Yjs keeps the ranges it cannot apply yet and re-encodes them in update v2, where each
 * range is written as the *difference* to the previous range's end and the length minus one
 * (DeleteSet.js `writeDeleteSet`, which does not sort). Ranges out of order, overlapping, of
 * length zero, or a client listed twice (its ranges are appended) turn into garbage clocks
 * there, so they are refused. Yjs's own writers always sort and merge.
 */
function readDeleteSet(decoder: BoundedDecoder, limits: UpdateLimits): ParsedUpdate['deletes'] {
  const deletes: ParsedUpdate['deletes'] = [];
  const clients = new Set<number>();
  const clientCount = decoder.readCount(
    'delete set client count',
    MIN_PAIR_BYTES,
    limits.maxClients,
  );
  for (let i = 0; i < clientCount; i++) {
    const client = decoder.readVarUint('delete set client');
    if (clients.has(client)) reject('client appears twice in the delete set');
    clients.add(client);
    const rangesLeft = limits.maxDeleteRanges - deletes.length;
    const rangeCount = decoder.readCount('delete range count', MIN_PAIR_BYTES, rangesLeft);
    let previousEnd = 0;
    for (let r = 0; r < rangeCount; r++) {
      const clock = decoder.readVarUint('delete clock');
      if (clock < previousEnd) reject('delete ranges out of order or overlapping');
      const len = readPositiveLength(decoder, 'delete length');
      previousEnd = advanceClock(clock, len);
      deletes.push({ client, clock, len });
    }
  }
  return deletes;
}
