/**
 * A strict parser of Yjs update v1 messages (and of state vectors), run by the relay on every
 * update a client sends, before the bytes reach Yjs's own decoder or the store.
 *
 * Layout (v1, see yjs/src/utils/encoding.js `readClientsStructRefs`, DeleteSet.js):
 *
 *   update      := varUint(n) • clientBlock{n} • deleteSet
 *   clientBlock := varUint(structCount) • varUint(client) • varUint(firstClock) • struct{structCount}
 *   struct      := info:uint8 • (GC | Skip: varUint(len)) | (item: header • content)
 *   header      := [origin: id if info&0x80] • [rightOrigin: id if info&0x40]
 *                  • [if neither: varUint(1) • string(rootName) | varUint(0) • id(parent)]
 *                  • [if neither and info&0x20: string(parentKey)]
 *   id          := varUint(client) • varUint(clock)
 *   deleteSet   := varUint(m) • (varUint(client) • varUint(k) • (varUint(clock) • varUint(len)){k}){m}
 *
 * Struct clocks are implicit: each struct starts where the previous one of its client ended, so
 * the per-client contiguity Yjs assumes holds by construction once every length is checked.
 *
 * Guarantees: never throws; work and memory are O(bytes.length), because every count is checked
 * against the bytes left (each element needs at least one byte) before it is looped over, every
 * length against the bytes left before it is skipped, and nothing is decoded recursively.
 */
import { BoundedDecoder, MAX_SAFE_VALUE, MalformedInput, reject } from './bounded-decoder.js';
import { readUtf8 } from './any-value.js';
import {
  type ContentLimits,
  ContentRef,
  readItemContent,
  readPositiveLength,
} from './update-content.js';

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
  /** Delete ranges in wire order. */
  deletes: Array<{ client: number; clock: number; len: number }>;
  /** True when the update carries no struct and no delete. */
  isEmpty: boolean;
}

/** Result of `validateUpdate`: the parsed summary, or a short reason free of document content. */
export type UpdateCheck = { ok: true; update: ParsedUpdate } | { ok: false; reason: string };

/** Result of `validateStateVector`: client → clock, or a short reason. */
export type StateVectorCheck =
  { ok: true; stateVector: Map<number, number> } | { ok: false; reason: string };

/**
 * Smallest client block: struct count, client, clock (1 byte each) and one struct of at least
 * 2 bytes (info + a length or a parent info).
 */
const MIN_CLIENT_BLOCK_BYTES = 5;
/** Smallest struct: info byte + one more byte. */
const MIN_STRUCT_BYTES = 2;
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
    const update: ParsedUpdate = {
      structs: new Map(),
      structCount: 0,
      hasSkips: false,
      deletes: [],
      isEmpty: true,
    };
    readStructSection(decoder, limits, update);
    readDeleteSet(decoder, limits, update.deletes);
    if (decoder.remaining > 0) reject('trailing bytes after the delete set');
    update.isEmpty = update.structCount === 0 && update.deletes.length === 0;
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

function readStructSection(
  decoder: BoundedDecoder,
  limits: UpdateLimits,
  update: ParsedUpdate,
): void {
  const clientCount = decoder.readCount('client count', MIN_CLIENT_BLOCK_BYTES, limits.maxClients);
  for (let i = 0; i < clientCount; i++) readClientBlock(decoder, limits, update);
}

/**
 * NOTE: Yjs keys client blocks by client id, so a second block for the same client silently
 * replaces the first; such updates are refused rather than half-applied. Empty blocks are
 * refused too: no Yjs writer produces them.
 */
function readClientBlock(
  decoder: BoundedDecoder,
  limits: UpdateLimits,
  update: ParsedUpdate,
): void {
  const structCount = decoder.readCount(
    'struct count',
    MIN_STRUCT_BYTES,
    limits.maxStructsPerClient,
  );
  if (structCount === 0) reject('client block without structs');
  const client = decoder.readVarUint('client id');
  if (update.structs.has(client)) reject('client appears twice in the struct section');
  const firstClock = decoder.readVarUint('first clock');
  let clock = firstClock;
  for (let i = 0; i < structCount; i++) clock = readStruct(decoder, client, clock, limits, update);
  update.structs.set(client, { clock: firstClock, end: clock });
  update.structCount += structCount;
}

/** Reads one struct of `client` starting at `clock`; returns the clock where the next one starts. */
function readStruct(
  decoder: BoundedDecoder,
  client: number,
  clock: number,
  limits: ContentLimits,
  update: ParsedUpdate,
): number {
  const info = decoder.readUint8('struct info');
  const ref = info & 0x1f;
  if (ref === ContentRef.GC || ref === ContentRef.Skip) {
    // Yjs ignores the flag bits of GC and Skip; no writer sets them, so they mark garbage.
    if (info !== ref) reject('GC or Skip struct with item flags');
    if (ref === ContentRef.Skip) update.hasSkips = true;
    return advanceClock(
      clock,
      readPositiveLength(decoder, ref === ContentRef.GC ? 'GC length' : 'skip length'),
    );
  }
  if (ref > ContentRef.Skip) reject(`unknown content ref ${ref}`);
  readItemHeader(decoder, client, clock, info);
  return advanceClock(clock, readItemContent(decoder, ref, limits));
}

function advanceClock(clock: number, length: number): number {
  if (length > MAX_SAFE_VALUE - clock) reject('clock overflow');
  return clock + length;
}

/** Bits of an item's info byte (yjs/src/structs/Item.js `write`). */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

/**
 * Origin, right origin and, for items with neither, the parent and the map key. When an origin
 * is present, the parent and key come from the neighbour, so the 0x20 flag is set but no key
 * follows (Yjs writes it that way).
 */
function readItemHeader(
  decoder: BoundedDecoder,
  client: number,
  clock: number,
  info: number,
): void {
  const hasOrigin = (info & HAS_ORIGIN) !== 0;
  const hasRightOrigin = (info & HAS_RIGHT_ORIGIN) !== 0;
  if (hasOrigin) readReference(decoder, client, clock, 'origin');
  if (hasRightOrigin) readReference(decoder, client, clock, 'right origin');
  if (hasOrigin || hasRightOrigin) return;
  const parentKind = decoder.readVarUint('parent info');
  if (parentKind === 1) readUtf8(decoder, 'root type name');
  else if (parentKind === 0) readReference(decoder, client, clock, 'parent');
  else reject(`unknown parent info ${parentKind}`);
  if ((info & HAS_PARENT_SUB) !== 0) readUtf8(decoder, 'parent key');
}

/**
 * An id another struct depends on. An item can only depend on structs that existed when it was
 * created, and its own client's earlier structs have lower clocks. A reference to the same
 * client at the same or a later clock is therefore never written by Yjs, and Yjs does not check
 * for it: `Item.getMissing` only waits for *other* clients, then looks the id up and throws
 * (or, for a clock inside the item itself, links the item to itself).
 */
function readReference(decoder: BoundedDecoder, client: number, clock: number, what: string): void {
  const refClient = decoder.readVarUint(`${what} client`);
  const refClock = decoder.readVarUint(`${what} clock`);
  if (refClient === client && refClock >= clock)
    reject(`${what} is not an earlier struct of the same client`);
}

/**
 * Delete ranges may repeat a client or overlap: Yjs applies each range independently, so that
 * is harmless. Zero-length ranges are refused: Yjs keeps unapplied ranges and re-encodes them as
 * `len - 1` in update v2, which turns 0 into garbage.
 */
function readDeleteSet(
  decoder: BoundedDecoder,
  limits: UpdateLimits,
  deletes: ParsedUpdate['deletes'],
): void {
  const clientCount = decoder.readCount(
    'delete set client count',
    MIN_PAIR_BYTES,
    limits.maxClients,
  );
  for (let i = 0; i < clientCount; i++) {
    const client = decoder.readVarUint('delete set client');
    const rangesLeft = limits.maxDeleteRanges - deletes.length;
    const rangeCount = decoder.readCount('delete range count', MIN_PAIR_BYTES, rangesLeft);
    for (let r = 0; r < rangeCount; r++) {
      const clock = decoder.readVarUint('delete clock');
      const len = readPositiveLength(decoder, 'delete length');
      advanceClock(clock, len);
      deletes.push({ client, clock, len });
    }
  }
}
