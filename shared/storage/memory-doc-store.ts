/**
 * A real `DocStore` kept in memory: for tests, for the relay's `--ephemeral` mode, and as the
 * reference behaviour the persistent stores are checked against (same contract suite).
 *
 * Every byte array is copied on the way in and on the way out (DS3): callers commonly reuse or
 * transfer their buffers, and a store that kept their reference would change under them.
 */
import type { AppendEntry, RelayStore, StoredRoom, StoredUpdate } from './doc-store.js';
import {
  DocStoreClosedError,
  beyondLastSeqError,
  checkAppendEntries,
  checkCompactArgs,
  checkRoomName,
  judgeCompaction,
} from './doc-store-checks.js';

interface RoomState {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  lastSeq: number;
  updates: StoredUpdate[];
}

/** In-memory implementation of `DocStore`; its contents vanish with the process (no DS9). */
export class MemoryDocStore implements RelayStore {
  /** Always `memory`. */
  readonly kind = 'memory';
  readonly #rooms = new Map<string, RoomState>();
  #closed = false;

  /** @inheritDoc */
  async load(room: string): Promise<StoredRoom> {
    this.#checkOpen();
    checkRoomName(room);
    const state = this.#rooms.get(room);
    if (!state) return { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 };
    return {
      snapshot: state.snapshot && copy(state.snapshot),
      snapshotSeq: state.snapshotSeq,
      updates: state.updates.map(({ seq, data }) => ({ seq, data: copy(data) })),
      lastSeq: state.lastSeq,
    };
  }

  /** @inheritDoc */
  async append(entries: readonly AppendEntry[]): Promise<number[]> {
    this.#checkOpen();
    // Everything is validated before the first write, which is what makes the batch atomic here.
    checkAppendEntries(entries);
    return entries.map(({ room, data }) => {
      const state = this.#rooms.get(room) ?? this.#create(room);
      state.lastSeq += 1;
      state.updates.push({ seq: state.lastSeq, data: copy(data) });
      return state.lastSeq;
    });
  }

  /** @inheritDoc */
  async compact(room: string, upToSeq: number, snapshot: Uint8Array): Promise<boolean> {
    this.#checkOpen();
    checkCompactArgs(room, upToSeq, snapshot);
    const state = this.#rooms.get(room);
    const verdict = judgeCompaction(upToSeq, state?.snapshotSeq ?? 0, state?.lastSeq ?? 0);
    if (verdict === 'beyond-last-seq') throw beyondLastSeqError(room, upToSeq, state?.lastSeq ?? 0);
    if (verdict === 'stale' || !state) return false;
    state.snapshot = copy(snapshot);
    state.snapshotSeq = upToSeq;
    state.updates = state.updates.filter((update) => update.seq > upToSeq);
    return true;
  }

  /** @inheritDoc */
  async listRooms(): Promise<string[]> {
    this.#checkOpen();
    return [...this.#rooms.keys()];
  }

  /** @inheritDoc */
  async workspaceBytes(workspace: string): Promise<number> {
    this.#checkOpen();
    const prefix = `${workspace}/`;
    let total = 0;
    for (const [name, state] of this.#rooms) {
      if (!name.startsWith(prefix)) continue;
      total += state.snapshot?.length ?? 0;
      for (const update of state.updates) total += update.data.length;
    }
    return total;
  }

  /** @inheritDoc */
  async hasRoom(room: string): Promise<boolean> {
    this.#checkOpen();
    checkRoomName(room);
    return (this.#rooms.get(room)?.lastSeq ?? 0) > 0;
  }

  /** @inheritDoc */
  async checkWritable(): Promise<void> {
    this.#checkOpen();
  }

  /** @inheritDoc */
  async close(): Promise<void> {
    this.#closed = true;
    this.#rooms.clear();
  }

  #create(room: string): RoomState {
    const state: RoomState = { snapshot: null, snapshotSeq: 0, lastSeq: 0, updates: [] };
    this.#rooms.set(room, state);
    return state;
  }

  #checkOpen(): void {
    if (this.#closed) throw new DocStoreClosedError(this.kind);
  }
}

// `new Uint8Array(view)` always copies into a fresh, exactly-sized, plain Uint8Array; `slice()`
// would not do for Node Buffers, whose `slice` returns a view on the same memory.
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
