/**
 * The code that runs inside the room documents' thread (`doc-thread.ts`), and the messages it
 * exchanges with the relay. The thread holds the `Y.Doc` of every large room of the process, so
 * that parsing one (a cold load), applying updates to it and encoding diffs from it never stall
 * the event loop the sockets and the other rooms share.
 *
 * A source string run with `eval: true`, for the reason given in `storage/compactor-worker.ts`.
 * It is not type checked: keep it small. It repeats, in plain JavaScript, the two rules of
 * `doc-apply.ts` (what counts as a change, what is redundant): `doc-thread.test.ts` checks both
 * against the same cases as `doc-apply.test.ts`.
 */

/** What the thread needs at start-up. */
export interface DocThreadData {
  /** Absolute path of the Yjs entry point to `require` in the thread. */
  readonly yjsPath: string;
}

/** An update or a sync step 1 of a client, in its room's arrival order. */
export type JudgeItem =
  | {
      readonly kind: 'update';
      readonly update: Uint8Array;
      /** From the validator (`ParsedUpdate`): struct ranges per client and delete ranges. */
      readonly structs: ReadonlyMap<number, { readonly clock: number; readonly end: number }>;
      readonly deletes: ReadonlyArray<{ client: number; clock: number; len: number }>;
      readonly isEmpty: boolean;
      /** False for a read-only connection: an update that would change the doc is not applied. */
      readonly mayWrite: boolean;
    }
  | { readonly kind: 'step1'; readonly stateVector: Uint8Array };

/**
 * What became of an item: an update was `changed` (applied: store it), `redundant`,
 * `refused` (it would change the doc but its connection may not write; not applied), `poison`
 * (Yjs threw: the doc may hold part of it) or `skipped` (not looked at: the doc was poisoned
 * before it). A step 1 gets its answer, the update for its step 2.
 */
export type Verdict =
  'changed' | 'redundant' | 'refused' | 'poison' | 'skipped' | { readonly step2: Uint8Array };

/** Requests to the thread. `gen` names one opening of a room; a request for another is refused. */
export type DocThreadRequest =
  | {
      readonly op: 'open';
      readonly id: number;
      readonly room: string;
      readonly gen: number;
      readonly state: Uint8Array | null;
    }
  | {
      readonly op: 'judge';
      readonly id: number;
      readonly room: string;
      readonly gen: number;
      readonly items: readonly JudgeItem[];
    }
  | {
      readonly op: 'peer';
      readonly id: number;
      readonly room: string;
      readonly gen: number;
      readonly updates: readonly Uint8Array[];
    };

/** Forgets a room's doc (no reply). */
export interface DocThreadClose {
  readonly op: 'close';
  readonly room: string;
  readonly gen: number;
}

/** The thread's answer; `stateVector` is the doc's after the request. */
export type DocThreadReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly stateVector: Uint8Array;
      /** For `judge`: one per item. For `peer`: one per update ('changed', 'redundant', …). */
      readonly verdicts: readonly Verdict[];
    }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** The thread's script (CommonJS). */
export const DOC_THREAD_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjsPath);

/** room -> { gen, doc, poisoned, full } */
const rooms = new Map();

function isRedundant(doc, item) {
  if (item.isEmpty) return true;
  for (const [client, range] of item.structs)
    if (range.end > Y.getState(doc.store, client)) return false;
  for (const { client, clock, len } of item.deletes) {
    if (clock + len > Y.getState(doc.store, client)) return false;
    const structs = doc.store.clients.get(client);
    if (structs === undefined) return false;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i];
      if (struct.id.clock >= clock + len) break;
      if (!struct.deleted) return false;
    }
  }
  return true;
}

/** Applies; 'changed' also for what Yjs keeps pending (its predecessors missing). Throws on poison. */
function apply(doc, update) {
  let changed = false;
  const onUpdate = () => { changed = true; };
  const store = doc.store;
  const structsBefore = store.pendingStructs && store.pendingStructs.update;
  const dsBefore = store.pendingDs;
  doc.on('update', onUpdate);
  try {
    Y.applyUpdate(doc, update, 'client');
  } finally {
    doc.off('update', onUpdate);
  }
  if (changed) return 'changed';
  const structsAfter = store.pendingStructs && store.pendingStructs.update;
  return structsAfter !== structsBefore || store.pendingDs !== dsBefore ? 'changed' : 'redundant';
}

function applyTo(room, update) {
  if (room.poisoned) return 'skipped';
  try {
    const verdict = apply(room.doc, update);
    if (verdict === 'changed') room.full = null;
    return verdict;
  } catch {
    room.poisoned = true;
    room.full = null;
    return 'poison';
  }
}

function judgeUpdate(room, item) {
  if (room.poisoned) return 'skipped';
  if (isRedundant(room.doc, item)) return 'redundant';
  if (!item.mayWrite) return 'refused';
  return applyTo(room, item.update);
}

function step2(room, stateVector) {
  if (stateVector.length === 1 && stateVector[0] === 0) {
    if (room.full === null) room.full = Y.encodeStateAsUpdate(room.doc);
    // A copy: the reply's buffer is transferred.
    return room.full.slice();
  }
  return Y.encodeStateAsUpdate(room.doc, stateVector);
}

function handle(request) {
  if (request.op === 'open') {
    const old = rooms.get(request.room);
    if (old !== undefined) old.doc.destroy();
    rooms.delete(request.room);
    const doc = new Y.Doc({ gc: true });
    if (request.state !== null) {
      try {
        Y.applyUpdate(doc, request.state, 'load');
      } catch (error) {
        doc.destroy();
        throw error;
      }
    }
    // The stored state is the doc's whole state: the first clients that have nothing get it
    // as it is, without an encode of the doc just built.
    rooms.set(request.room, { gen: request.gen, doc, poisoned: false, full: request.state });
    return [];
  }
  const room = rooms.get(request.room);
  if (room === undefined || room.gen !== request.gen) throw new Error('room not open');
  if (request.op === 'judge') {
    return request.items.map((item) => {
      if (item.kind === 'step1') return room.poisoned ? 'skipped' : { step2: step2(room, item.stateVector) };
      return judgeUpdate(room, item);
    });
  }
  return request.updates.map((update) => applyTo(room, update));
}

parentPort.on('message', (request) => {
  if (request.op === 'close') {
    const room = rooms.get(request.room);
    if (room !== undefined && room.gen === request.gen) {
      room.doc.destroy();
      rooms.delete(request.room);
    }
    return;
  }
  let reply;
  const transfer = [];
  try {
    const verdicts = handle(request);
    const stateVector = Y.encodeStateVector(rooms.get(request.room).doc);
    for (const verdict of verdicts) if (typeof verdict === 'object') transfer.push(verdict.step2.buffer);
    reply = { id: request.id, ok: true, stateVector, verdicts };
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort.postMessage(reply, transfer);
});
`;
