/**
 * Checks of CRDT invariants that Yjs relies on but never verifies, for the part of them that can
 * be decided from one update alone. Each was found by fuzzing: an update that breaks one is
 * applied by Yjs without error, but the result depends on how structs happen to be split, so
 * the same operations encoded differently (Yjs re-encodes and merges when it syncs or stores)
 * give different documents. Replicas then diverge, and the relay's own re-encoding of what it
 * accepted would be refused by this validator.
 *
 * NOTE: these checks cannot be complete. When the ids involved lie in structs this update does
 * not carry, only the document can tell (see update-validator.fuzz.test.ts).
 */
import { reject } from './bounded-decoder.js';
import { rangeContaining } from './clock-ranges.js';
import { ItemFlag, type ItemTable, type StructFacts } from './update-structs.js';

/** A delete range, as in `ParsedUpdate.deletes`. */
interface DeleteRange {
  readonly client: number;
  readonly clock: number;
  readonly len: number;
}

/** Runs every invariant check; throws `MalformedInput` on the first violation. */
export function checkInvariants(facts: StructFacts, deletes: readonly DeleteRange[]): void {
  checkOriginOrder(facts);
  checkLongMapEntries(facts, deletes);
}

/**
 * An item sits between its origin (left) and its right origin, so the right origin can never be
 * at or left of the origin. The units of one *run* (adjacent items of a client, each continuing
 * the previous one, which Yjs merges into one struct) lie left to right in clock order, so a
 * right origin with a lower clock than the origin in the same run is a contradiction. Yjs
 * splits the struct holding the right origin; when that is the struct it holds as the left
 * neighbour, the left neighbour shrinks and the item lands further left.
 */
function checkOriginOrder(facts: StructFacts): void {
  const runIds = new Map<number, number[]>();
  for (const item of facts.reversedOrigins) {
    const table = facts.items.get(item.client);
    if (table === undefined) continue;
    const right = rangeContaining(table.starts, table.ends, item.rightClock);
    const left = rangeContaining(table.starts, table.ends, item.originClock);
    if (right < 0 || left < 0) continue;
    let runs = runIds.get(item.client);
    if (runs === undefined) {
      runs = runIdsOf(table);
      runIds.set(item.client, runs);
    }
    if (runs[left] === runs[right]) {
      reject('right origin is left of origin within one run of structs');
    }
  }
}

/** For each item, the index of the first item of its run. */
function runIdsOf(table: ItemTable): number[] {
  const ids: number[] = [];
  for (let i = 0; i < table.flags.length; i++) {
    const continues = i > 0 && ((table.flags[i] as number) & ItemFlag.Continues) !== 0;
    ids.push(continues ? (ids[i - 1] as number) : i);
  }
  return ids;
}

/**
 * A map key has one live value: Yjs writes a map entry as one unit and merges only *deleted*
 * entries into longer structs. A live entry of several units can be split (by a delete or by an
 * insertion into it), leaving several live values for one key, and which one wins then depends
 * on struct boundaries. So a map entry of two or more live units must be deleted by the same
 * update (Yjs's own encodings always carry such deletes). An item is a map entry when it has a
 * key or when its neighbour is a map entry, because Yjs copies parent and key from it.
 */
function checkLongMapEntries(facts: StructFacts, deletes: readonly DeleteRange[]): void {
  const isEntry = mapEntryResolver(facts);
  let deleted: Map<number, { starts: number[]; ends: number[] }> | null = null;
  for (const [client, table] of facts.items) {
    for (let i = 0; i < table.flags.length; i++) {
      if (((table.flags[i] as number) & ItemFlag.LongLive) === 0 || !isEntry(client, i)) continue;
      deleted ??= mergedRanges(deletes);
      const ranges = deleted.get(client);
      const at = ranges
        ? rangeContaining(ranges.starts, ranges.ends, table.starts[i] as number)
        : -1;
      if (at < 0 || (table.ends[i] as number) > (ranges?.ends[at] as number)) {
        reject('map entry of several units is not deleted');
      }
    }
  }
}

/** Answers kept per item while resolving (0 = not looked at yet). */
const Yes = 1;
const No = 2;
const Visiting = 3;

/**
 * Returns `isEntry(client, index)`, which follows neighbour links through the update's items,
 * remembering every answer, so all items together cost one walk each. A neighbour outside this
 * update counts as "no" (only the document knows); a cycle of neighbours also counts as "no":
 * Yjs never integrates such items (each waits for the other).
 */
function mapEntryResolver(facts: StructFacts): (client: number, index: number) => boolean {
  const states = new Map<number, Uint8Array>();
  for (const [client, table] of facts.items) states.set(client, new Uint8Array(table.flags.length));
  return (client, index) => {
    const path: Array<[Uint8Array, number]> = [];
    let result = No;
    let table = facts.items.get(client);
    let state = states.get(client);
    let i = index;
    while (table !== undefined && state !== undefined && i >= 0) {
      const known = state[i] as number;
      if (known === Yes || known === No) {
        result = known;
        break;
      }
      if (known === Visiting) break;
      if (((table.flags[i] as number) & ItemFlag.HasKey) !== 0) {
        result = Yes;
        state[i] = Yes;
        break;
      }
      state[i] = Visiting;
      path.push([state, i]);
      const neighbour = table.neighbourClients[i] as number;
      const clock = table.neighbourClocks[i] as number;
      table = facts.items.get(neighbour);
      state = states.get(neighbour);
      i = table ? rangeContaining(table.starts, table.ends, clock) : -1;
    }
    for (const [s, k] of path) s[k] = result;
    return result === Yes;
  };
}

/** Per client, the delete ranges merged where they touch (they are sorted and disjoint). */
function mergedRanges(
  deletes: readonly DeleteRange[],
): Map<number, { starts: number[]; ends: number[] }> {
  const merged = new Map<number, { starts: number[]; ends: number[] }>();
  for (const { client, clock, len } of deletes) {
    let ranges = merged.get(client);
    if (ranges === undefined) {
      ranges = { starts: [], ends: [] };
      merged.set(client, ranges);
    }
    const last = ranges.ends.length - 1;
    if (last >= 0 && ranges.ends[last] === clock) ranges.ends[last] = clock + len;
    else {
      ranges.starts.push(clock);
      ranges.ends.push(clock + len);
    }
  }
  return merged;
}
