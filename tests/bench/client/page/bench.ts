/**
 * The bench page: the same origin as the app (so the same IndexedDB), built from the app's own
 * storage modules — `DexieDocStore`, `LocalWorkspace` (hence `openPersistedDoc` and
 * `LocalPersistence` with the default compaction policy) — to give "Mon espace" a document with
 * a long history exactly as the app would store it, and to time the parts of an open that do
 * not need the editor. The editor itself is only ever measured in the real app.
 */
import * as Y from 'yjs';
import { contentOf } from '../../../../shared/schema/doc-schema.js';
import { seedDocument } from '../../../../shared/schema/seed.js';
import { TEMPLATES } from '../../../../shared/schema/templates.js';
import type { DocStore, StoredRoom } from '../../../../shared/storage/doc-store.js';
import { LocalWorkspace } from '../../../../renderer/documents/local-workspace.js';
import { loadRoomInto, type PersistedDoc } from '../../../../renderer/documents/persisted-doc.js';
import { DexieDocStore } from '../../../../renderer/storage/dexie-doc-store.js';
import type {
  BenchApi,
  LoadBreakdown,
  RoomShape,
  SeedReport,
  SeedRequest,
  TraceTxns,
  YjsMergeResult,
} from './api.js';
import { YParagraphs } from './y-paragraphs.js';

/** Log entries per `append` when writing an uncompacted log (one IndexedDB transaction each). */
const LOG_CHUNK = 10_000;

function shapeOf(room: StoredRoom): RoomShape {
  let logBytes = 0;
  for (const update of room.updates) logBytes += update.data.byteLength;
  return {
    snapshotBytes: room.snapshot?.byteLength ?? 0,
    logEntries: room.updates.length,
    logBytes,
    lastSeq: room.lastSeq,
  };
}

/** Characters of text under `node`: what the editor's DOM `textContent` will hold. */
function textLength(node: Y.XmlFragment | Y.XmlElement): number {
  let total = 0;
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) total += child.length;
    else if (child instanceof Y.XmlElement) total += textLength(child);
  }
  return total;
}

/** A task boundary: the persistence appends what a task queued once the task ends. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Types the trace into an open document, one Yjs transaction per trace transaction, waiting for
 * the writes every `flushEvery` transactions (a person's keystrokes each get their own append;
 * batching them changes how many appends there are, not what ends up stored: the policy compacts
 * at 500 entries either way).
 */
async function typeThroughPersistence(
  handle: PersistedDoc,
  txns: TraceTxns,
  flushEvery: number,
): Promise<YParagraphs> {
  const typist = new YParagraphs(contentOf(handle.doc));
  for (let i = 0; i < txns.length; i++) {
    handle.doc.transact(() => typist.apply(txns[i] ?? []));
    if ((i + 1) % flushEvery === 0) {
      await nextTask();
      await handle.flush();
    }
  }
  await handle.flush();
  return typist;
}

/** Types the trace into a copy of the room and appends every transaction's update, uncompacted. */
async function appendAsLog(store: DocStore, room: string, txns: TraceTxns): Promise<YParagraphs> {
  const doc = new Y.Doc();
  await loadRoomInto(store, room, doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const typist = new YParagraphs(contentOf(doc));
  for (const patches of txns) doc.transact(() => typist.apply(patches));
  for (let from = 0; from < updates.length; from += LOG_CHUNK) {
    await store.append(updates.slice(from, from + LOG_CHUNK).map((data) => ({ room, data })));
  }
  doc.destroy();
  return typist;
}

async function seed(request: SeedRequest): Promise<SeedReport> {
  const started = performance.now();
  const txns = JSON.parse(request.traceJson) as TraceTxns;
  const store = await DexieDocStore.open({ name: request.databaseName });
  try {
    const workspace = await LocalWorkspace.open({
      store,
      now: () => Date.now(),
      randomId: () => request.idSuffix,
    });
    const id = await workspace.create('compte-rendu');
    await workspace.rename(id, request.title);
    const room = `${workspace.id}/${id}`;
    let typist: YParagraphs;
    if (request.mode === 'compacted') {
      typist = await typeThroughPersistence(await workspace.acquire(id), txns, request.flushEvery);
      workspace.release(id);
      await workspace.close();
    } else {
      await workspace.close();
      typist = await appendAsLog(store, room, txns);
    }
    const stored = await store.load(room);
    const check = new Y.Doc();
    await loadRoomInto(store, room, check);
    const content = contentOf(check);
    const report: SeedReport = {
      id,
      room,
      ms: performance.now() - started,
      traceText: typist.mirror.text(),
      blocks: content.length,
      chars: textLength(content),
      stored: shapeOf(stored),
    };
    check.destroy();
    return report;
  } finally {
    await store.close();
  }
}

async function loadBreakdown(databaseName: string, room: string): Promise<LoadBreakdown> {
  const t0 = performance.now();
  const store = await DexieDocStore.open({ name: databaseName, mustExist: true });
  const t1 = performance.now();
  try {
    const stored = await store.load(room);
    const t2 = performance.now();
    // As LocalPersistence's load: snapshot then log, in one transaction.
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot);
      for (const entry of stored.updates) Y.applyUpdate(doc, entry.data);
    });
    const t3 = performance.now();
    doc.destroy();
    return { openStoreMs: t1 - t0, readMs: t2 - t1, applyMs: t3 - t2, stored: shapeOf(stored) };
  } finally {
    await store.close();
  }
}

/** A replica: the shared starting document, then `txns` typed offline. */
function replica(base: Uint8Array, txns: TraceTxns): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const typist = new YParagraphs(contentOf(doc));
  for (const patches of txns) doc.transact(() => typist.apply(patches));
  return doc;
}

function yjsMerge(a: string, b: string, edits: number): YjsMergeResult {
  const baseDoc = new Y.Doc();
  seedDocument(baseDoc, TEMPLATES['compte-rendu'](), 'bench/merge');
  const base = Y.encodeStateAsUpdate(baseDoc);
  const left = replica(base, (JSON.parse(a) as TraceTxns).slice(0, edits));
  const right = replica(base, (JSON.parse(b) as TraceTxns).slice(0, edits));
  const started = performance.now();
  // What two reconnecting peers exchange: each sends what the other's state vector lacks.
  const toRight = Y.encodeStateAsUpdate(left, Y.encodeStateVector(right));
  const toLeft = Y.encodeStateAsUpdate(right, Y.encodeStateVector(left));
  Y.applyUpdate(right, toRight);
  Y.applyUpdate(left, toLeft);
  const ms = performance.now() - started;
  const identical = contentOf(left).toString() === contentOf(right).toString();
  return { edits, bytes: [toRight.byteLength, toLeft.byteLength], ms, identical };
}

const api: BenchApi = { seed, loadBreakdown, yjsMerge };
window.ententeBench = api;
