/**
 * The struct section of a Yjs update v1 (yjs/src/utils/encoding.js `readClientsStructRefs`):
 *
 *   section     := varUint(n) • clientBlock{n}
 *   clientBlock := varUint(structCount) • varUint(client) • varUint(firstClock) • struct{structCount}
 *   struct      := info:uint8 • (GC | Skip: varUint(len)) | (item: header • content)
 *   header      := [origin: id if info&0x80] • [rightOrigin: id if info&0x40]
 *                  • [if neither: varUint(1) • string(rootName) | varUint(0) • id(parent)]
 *                  • [if neither and info&0x20: string(parentKey)]
 *   id          := varUint(client) • varUint(clock)
 *
 * Struct clocks are implicit: each struct starts where the previous one of its client ended, so
 * the per-client contiguity Yjs assumes holds by construction once every length is checked.
 */
import { readUtf8 } from './any-value.js';
import { type BoundedDecoder, MAX_SAFE_VALUE, reject } from './bounded-decoder.js';
import {
  type ContentLimits,
  ContentRef,
  readItemContent,
  readPositiveLength,
} from './update-content.js';

/** Limits the struct section needs. */
export interface StructLimits extends ContentLimits {
  /** Most client blocks. */
  readonly maxClients: number;
  /** Most structs in one client block (no limit when absent). */
  readonly maxStructsPerClient?: number;
}

/** Summary of a struct section. */
export interface StructSection {
  /** Per client: first clock and end clock (exclusive), Skips included. */
  readonly structs: Map<number, { clock: number; end: number }>;
  /** Number of structs over all clients. */
  structCount: number;
  /** True when some struct is a Skip. */
  hasSkips: boolean;
}

/** Flags of an entry in an `ItemTable`. */
export const ItemFlag = {
  /** The header carries the map key itself (no origins, 0x20 set). */
  HasKey: 1,
  /** Content is live (not `Deleted`) and two or more units long. */
  LongLive: 2,
  /** Origin is the previous clock of the same client, which ends the previous item here. */
  Continues: 4,
} as const;

/**
 * The item structs of one client in clock order (GC and Skip left out), as parallel number
 * arrays: item i covers `[starts[i], ends[i])`; its neighbour (origin, or right origin when it
 * has no origin, from which Yjs copies parent and key) is `(neighbourClients[i],
 * neighbourClocks[i])`, client -1 when it has neither. Five numbers per item of at least four
 * bytes keep the bookkeeping within a small multiple of the input, below what Yjs itself
 * allocates for the same structs.
 */
export interface ItemTable {
  readonly starts: number[];
  readonly ends: number[];
  readonly neighbourClients: number[];
  readonly neighbourClocks: number[];
  readonly flags: number[];
}

/** What the struct section says that is only checked once the whole update is read. */
export interface StructFacts {
  /** Per client, its items. */
  readonly items: Map<number, ItemTable>;
  /** Items whose origin and right origin belong to one client, the right origin's clock lower. */
  readonly reversedOrigins: Array<{ client: number; originClock: number; rightClock: number }>;
}

/** A struct id (one clock unit of one client). */
interface StructId {
  readonly client: number;
  readonly clock: number;
}

/** What an item header says about the item's place. */
interface ItemHeader {
  readonly origin: StructId | null;
  readonly rightOrigin: StructId | null;
  readonly hasKey: boolean;
}

/** Bits of an item's info byte (yjs/src/structs/Item.js `write`). */
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;
const HAS_PARENT_SUB = 0x20;

/**
 * Smallest client block: struct count, client, clock (1 byte each) and one struct of at least
 * 2 bytes (info + a length or a parent info).
 */
const MIN_CLIENT_BLOCK_BYTES = 5;
/** Smallest struct: info byte + one more byte. */
const MIN_STRUCT_BYTES = 2;

/**
 * Reads and checks the struct section; throws `MalformedInput` on the first problem. Returns
 * the summary and the facts for the checks that need the whole update (update-invariants.ts).
 */
export function readStructSection(
  decoder: BoundedDecoder,
  limits: StructLimits,
): { section: StructSection; facts: StructFacts } {
  const section: StructSection = { structs: new Map(), structCount: 0, hasSkips: false };
  const facts: StructFacts = { items: new Map(), reversedOrigins: [] };
  const clientCount = decoder.readCount('client count', MIN_CLIENT_BLOCK_BYTES, limits.maxClients);
  for (let i = 0; i < clientCount; i++) readClientBlock(decoder, limits, section, facts);
  return { section, facts };
}

/**
 * NOTE: Yjs keys client blocks by client id, so a second block for the same client silently
 * replaces the first; such updates are refused rather than half-applied. Empty blocks are
 * refused too: no Yjs writer produces them.
 */
function readClientBlock(
  decoder: BoundedDecoder,
  limits: StructLimits,
  section: StructSection,
  facts: StructFacts,
): void {
  const structCount = decoder.readCount(
    'struct count',
    MIN_STRUCT_BYTES,
    limits.maxStructsPerClient,
  );
  if (structCount === 0) reject('client block without structs');
  const client = decoder.readVarUint('client id');
  if (section.structs.has(client)) reject('client appears twice in the struct section');
  const table: ItemTable = {
    starts: [],
    ends: [],
    neighbourClients: [],
    neighbourClocks: [],
    flags: [],
  };
  facts.items.set(client, table);
  const firstClock = decoder.readVarUint('first clock');
  let clock = firstClock;
  for (let i = 0; i < structCount; i++) {
    clock = readStruct(decoder, client, clock, limits, section, facts, table);
  }
  section.structs.set(client, { clock: firstClock, end: clock });
  section.structCount += structCount;
}

/** Reads one struct of `client` starting at `clock`; returns the clock where the next one starts. */
function readStruct(
  decoder: BoundedDecoder,
  client: number,
  clock: number,
  limits: ContentLimits,
  section: StructSection,
  facts: StructFacts,
  table: ItemTable,
): number {
  const info = decoder.readUint8('struct info');
  const ref = info & 0x1f;
  if (ref === ContentRef.GC || ref === ContentRef.Skip) {
    // Yjs ignores the flag bits of GC and Skip; no writer sets them, so they mark garbage.
    if (info !== ref) reject('GC or Skip struct with item flags');
    if (ref === ContentRef.Skip) section.hasSkips = true;
    const what = ref === ContentRef.GC ? 'GC length' : 'skip length';
    return advanceClock(clock, readPositiveLength(decoder, what));
  }
  if (ref > ContentRef.Skip) reject(`unknown content ref ${ref}`);
  const header = readItemHeader(decoder, client, clock, info, facts);
  const end = advanceClock(clock, readItemContent(decoder, ref, limits));
  recordItem(table, client, clock, end, header, ref !== ContentRef.Deleted && end - clock > 1);
  return end;
}

function recordItem(
  table: ItemTable,
  client: number,
  start: number,
  end: number,
  header: ItemHeader,
  longLive: boolean,
): void {
  const { origin, hasKey } = header;
  const neighbour = origin ?? header.rightOrigin;
  const previousEnd = table.ends[table.ends.length - 1];
  const continues =
    origin?.client === client && origin.clock === start - 1 && previousEnd === start;
  table.starts.push(start);
  table.ends.push(end);
  table.neighbourClients.push(neighbour?.client ?? -1);
  table.neighbourClocks.push(neighbour?.clock ?? -1);
  table.flags.push(
    (hasKey ? ItemFlag.HasKey : 0) |
      (longLive ? ItemFlag.LongLive : 0) |
      (continues ? ItemFlag.Continues : 0),
  );
}

/** `clock + length`, refused when it would leave the range where numbers are exact. */
export function advanceClock(clock: number, length: number): number {
  if (length > MAX_SAFE_VALUE - clock) reject('clock overflow');
  return clock + length;
}

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
  facts: StructFacts,
): ItemHeader {
  const hasOrigin = (info & HAS_ORIGIN) !== 0;
  const hasRightOrigin = (info & HAS_RIGHT_ORIGIN) !== 0;
  const origin = hasOrigin ? readReference(decoder, client, clock, 'origin') : null;
  const rightOrigin = hasRightOrigin ? readReference(decoder, client, clock, 'right origin') : null;
  if (origin !== null && rightOrigin !== null && origin.client === rightOrigin.client) {
    if (origin.clock === rightOrigin.clock) reject('origin and right origin are the same id');
    if (rightOrigin.clock < origin.clock) {
      facts.reversedOrigins.push({
        client: origin.client,
        originClock: origin.clock,
        rightClock: rightOrigin.clock,
      });
    }
  }
  if (hasOrigin || hasRightOrigin) return { origin, rightOrigin, hasKey: false };
  const parentKind = decoder.readVarUint('parent info');
  if (parentKind === 1) readUtf8(decoder, 'root type name');
  else if (parentKind === 0) readReference(decoder, client, clock, 'parent');
  else reject(`unknown parent info ${parentKind}`);
  const hasKey = (info & HAS_PARENT_SUB) !== 0;
  if (hasKey) readUtf8(decoder, 'parent key');
  return { origin: null, rightOrigin: null, hasKey };
}

/**
 * An id another struct depends on. An item can only depend on structs that existed when it was
 * created, and its own client's earlier structs have lower clocks. A reference to the same
 * client at the same or a later clock is therefore never written by Yjs, and Yjs does not check
 * for it: `Item.getMissing` only waits for *other* clients, then looks the id up and throws
 * (or, for a clock inside the item itself, links the item to itself).
 */
function readReference(
  decoder: BoundedDecoder,
  client: number,
  clock: number,
  what: string,
): StructId {
  const refClient = decoder.readVarUint(`${what} client`);
  const refClock = decoder.readVarUint(`${what} clock`);
  if (refClient === client && refClock >= clock) {
    reject(`${what} is not an earlier struct of the same client`);
  }
  return { client: refClient, clock: refClock };
}
