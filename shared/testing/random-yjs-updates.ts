/**
 * Random Yjs updates (v1) that are well-formed byte for byte but semantically arbitrary: random
 * struct kinds, contents, parents, keys, origins and deletes over a few small client ids and
 * clocks, so that references often hit real structs. Byte mutation of real updates mostly breaks
 * the syntax; these reach the parts of Yjs behind the syntax (integration, splitting, merging),
 * which is where the validator's invariant checks came from.
 */
import * as encoding from 'lib0/encoding';
import type { SeededRandom } from './seeded-random.js';

/** Which client ids a generated update writes structs for, and which it may refer to. */
export interface RandomUpdateOptions {
  /** Client ids that may get a client block. */
  readonly ownClients: readonly number[];
  /** Client ids that origins, parents and deletes may name. */
  readonly referencedClients: readonly number[];
}

const DEFAULT_OPTIONS: RandomUpdateOptions = {
  ownClients: [1, 2, 3],
  referencedClients: [1, 2, 3],
};

/** Writes a random, syntactically valid update v1. */
export function randomUpdate(rng: SeededRandom, options = DEFAULT_OPTIONS): Uint8Array {
  const e = encoding.createEncoder();
  const clients = options.ownClients.filter(() => rng.next() < 0.6);
  encoding.writeVarUint(e, clients.length);
  for (const client of clients) writeClientBlock(e, rng, client, options.referencedClients);
  writeDeleteSet(e, rng, options.referencedClients);
  return encoding.toUint8Array(e);
}

function writeClientBlock(
  e: encoding.Encoder,
  rng: SeededRandom,
  client: number,
  refs: readonly number[],
): void {
  const count = rng.int(1, 6);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, rng.next() < 0.8 ? 0 : rng.int(1, 4));
  for (let i = 0; i < count; i++) {
    const kind = rng.next();
    if (kind < 0.08) {
      encoding.writeUint8(e, 0); // GC
      encoding.writeVarUint(e, rng.int(1, 3));
    } else if (kind < 0.12) {
      encoding.writeUint8(e, 10); // Skip
      encoding.writeVarUint(e, rng.int(1, 3));
    } else {
      writeItem(e, rng, refs);
    }
  }
}

function writeId(e: encoding.Encoder, rng: SeededRandom, refs: readonly number[]): void {
  encoding.writeVarUint(e, rng.pick(refs));
  encoding.writeVarUint(e, rng.int(0, 10));
}

function writeItem(e: encoding.Encoder, rng: SeededRandom, refs: readonly number[]): void {
  const ref = rng.pick([1, 2, 3, 4, 4, 4, 5, 6, 7, 7, 8, 8]);
  const hasOrigin = rng.next() < 0.5;
  const hasRightOrigin = rng.next() < 0.4;
  const hasKey = rng.next() < 0.3;
  const info = ref | (hasOrigin ? 0x80 : 0) | (hasRightOrigin ? 0x40 : 0) | (hasKey ? 0x20 : 0);
  encoding.writeUint8(e, info);
  if (hasOrigin) writeId(e, rng, refs);
  if (hasRightOrigin) writeId(e, rng, refs);
  if (!hasOrigin && !hasRightOrigin) {
    if (rng.next() < 0.6) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, rng.pick(['a', 'b']));
    } else {
      encoding.writeVarUint(e, 0);
      writeId(e, rng, refs);
    }
    if (hasKey) encoding.writeVarString(e, rng.pick(['k', 'l']));
  }
  writeContent(e, rng, ref);
}

function writeContent(e: encoding.Encoder, rng: SeededRandom, ref: number): void {
  switch (ref) {
    case 1: // Deleted
      encoding.writeVarUint(e, rng.int(1, 3));
      return;
    case 2: // JSON
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, rng.pick(['1', '"x"', 'undefined']));
      return;
    case 3: // Binary
      encoding.writeVarUint8Array(e, rng.bytes(2));
      return;
    case 4: // String
      encoding.writeVarString(e, rng.pick(['x', 'yz', '🙂', 'abc']));
      return;
    case 5: // Embed
      encoding.writeVarString(e, '{"e":1}');
      return;
    case 6: // Format
      encoding.writeVarString(e, rng.pick(['bold', 'i']));
      encoding.writeVarString(e, rng.pick(['true', 'null']));
      return;
    case 7: {
      // Type
      const typeRef = rng.int(0, 6);
      encoding.writeVarUint(e, typeRef);
      if (typeRef === 3 || typeRef === 5) encoding.writeVarString(e, 'p');
      return;
    }
    default: {
      // Any
      const count = rng.int(1, 2);
      encoding.writeVarUint(e, count);
      for (let i = 0; i < count; i++) encoding.writeAny(e, rng.pick([1, 'v', null, [1], { a: 1 }]));
    }
  }
}

function writeDeleteSet(e: encoding.Encoder, rng: SeededRandom, refs: readonly number[]): void {
  const clients = rng.next() < 0.3 ? refs.filter(() => rng.next() < 0.5) : [];
  encoding.writeVarUint(e, clients.length);
  for (const client of clients) {
    encoding.writeVarUint(e, client);
    const count = rng.int(1, 2);
    encoding.writeVarUint(e, count);
    // Mostly sorted, like Yjs writes them; sometimes not, which the validator must refuse.
    let clock = rng.int(0, 4);
    for (let i = 0; i < count; i++) {
      encoding.writeVarUint(e, rng.next() < 0.9 ? clock : rng.int(0, 8));
      const len = rng.int(1, 3);
      encoding.writeVarUint(e, len);
      clock += len + rng.int(0, 3);
    }
  }
}
