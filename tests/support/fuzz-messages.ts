/**
 * Generates the fuzz test's messages: real protocol messages (sync step 1, updates of every
 * content kind, awareness, query-awareness), then random bytes and mutations of those messages —
 * flipped bytes, truncations, insertions, splices of two messages and oversized varUints.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeAwarenessUpdate } from '../../shared/protocol/awareness.js';
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../../shared/protocol/messages.js';
import type { SeededRandom } from '../../shared/testing/seeded-random.js';
import { realUpdates } from '../../shared/testing/yjs-updates.js';

/** Real, well-formed messages to start mutating from. */
export function seedMessages(): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (const { update } of realUpdates()) {
    messages.push(encodeSyncUpdate(update), encodeSyncStep2(update));
    messages.push(encodeSyncStep1(Y.encodeStateVectorFromUpdate(update)));
  }
  messages.push(encodeSyncStep1(Uint8Array.of(0)), Uint8Array.of(3));
  messages.push(
    encodeAwarenessMessage(
      encodeAwarenessUpdate([
        {
          clientId: 7,
          clock: 3,
          state: JSON.stringify({ user: { name: 'X', color: '#aa0000' }, cursor: { anchor: 1 } }),
        },
      ]),
    ),
    encodeAwarenessMessage(encodeAwarenessUpdate([{ clientId: 7, clock: 4, state: 'null' }])),
  );
  return messages;
}

function bigVarUint(random: SeededRandom): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(
    e,
    random.pick([2 ** 31, 2 ** 32 + 1, 2 ** 52, Number.MAX_SAFE_INTEGER, 0xffffffff]),
  );
  return encoding.toUint8Array(e);
}

/** One fuzz message: random bytes, or a mutation of a seed message. */
export function fuzzMessage(random: SeededRandom, seeds: readonly Uint8Array[]): Uint8Array {
  const base = random.pick(seeds);
  const choice = random.int(0, 9);
  switch (choice) {
    case 0:
      return random.bytes(random.int(0, 64));
    case 1: {
      const copy = Uint8Array.from(base);
      const flips = random.int(1, 4);
      for (let i = 0; i < flips && copy.length > 0; i++)
        copy[random.int(0, copy.length - 1)] = random.int(0, 255);
      return copy;
    }
    case 2:
      return base.slice(0, random.int(0, Math.max(0, base.length - 1)));
    case 3: {
      const at = random.int(0, base.length);
      return Uint8Array.from([
        ...base.slice(0, at),
        ...random.bytes(random.int(1, 8)),
        ...base.slice(at),
      ]);
    }
    case 4: {
      const other = random.pick(seeds);
      return Uint8Array.from([
        ...base.slice(0, random.int(0, base.length)),
        ...other.slice(random.int(0, other.length)),
      ]);
    }
    case 5: {
      const at = random.int(0, Math.max(0, base.length - 1));
      return Uint8Array.from([...base.slice(0, at), ...bigVarUint(random), ...base.slice(at + 1)]);
    }
    case 6: {
      // Keep the message header, mutate the payload only: reaches the update validator.
      const copy = Uint8Array.from(base);
      if (copy.length > 3) {
        const at = random.int(3, copy.length - 1);
        copy[at] = (copy[at] ?? 0) ^ (1 << random.int(0, 7));
      }
      return copy;
    }
    default:
      return base;
  }
}
