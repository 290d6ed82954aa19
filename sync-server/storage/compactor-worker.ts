/**
 * The code that runs inside the compactor's worker thread, and the messages it exchanges with
 * `compactor.ts`.
 *
 * NOTE: why a source string run with `new Worker(code, { eval: true })` rather than a worker
 * file. A worker file would have to exist as `.js` next to `compactor.js` in `dist/`, but as `.ts`
 * under vitest and `tsx`; Node 20 cannot start a `.ts` worker, and giving the worker
 * `execArgv: ['--import', 'tsx']` does not help (tried: `ERR_UNKNOWN_FILE_EXTENSION`). An eval'd
 * CommonJS script has no file to find, so the very same code runs in tests, from `dist/` and
 * under `tsx`; it loads Yjs from the absolute path the parent resolved (`workerData.yjsPath`),
 * i.e. the same installed copy the relay uses. The price is that this script is not type
 * checked: keep it this small, and `compactor.test.ts` exercises every branch of it.
 */

/** What the worker needs at start-up. */
export interface CompactorWorkerData {
  /** Absolute path of the Yjs entry point to `require` in the worker. */
  readonly yjsPath: string;
}

/**
 * One merge job. All inputs travel packed in one transferred `ArrayBuffer` (one copy on the
 * relay's side, none in transit): cloning N `Uint8Array`s instead would copy each one's whole
 * backing buffer, which for driver-returned views can be far larger than the view.
 */
export interface MergeRequest {
  /** Matches the reply to its promise. */
  readonly id: number;
  /** The snapshot (if any) followed by every update, back to back. */
  readonly buffer: ArrayBuffer;
  /** Byte length of the snapshot at the start of `buffer`, or -1 when there is none. */
  readonly snapshotLength: number;
  /** Byte lengths of the updates following the snapshot, in order. */
  readonly updateLengths: readonly number[];
}

/** The worker's answer to one `MergeRequest`. */
export type MergeReply =
  | { readonly id: number; readonly ok: true; readonly merged: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly message: string };

/**
 * The worker script (CommonJS, as `eval: true` requires). For each request it applies the
 * snapshot and the updates to a fresh `Y.Doc` with garbage collection on, in one transaction,
 * and replies with `Y.encodeStateAsUpdate(doc)`, transferring its buffer. An update that Yjs
 * cannot decode fails only its own request; the worker carries on with the next one.
 * `encodeStateAsUpdate` also encodes pending structs (updates whose dependencies are missing), so
 * a log with a hole is kept, not silently dropped.
 */
export const COMPACTOR_WORKER_SOURCE = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjsPath);

parentPort.on('message', (request) => {
  let reply;
  const transfer = [];
  const doc = new Y.Doc({ gc: true });
  try {
    let offset = 0;
    const next = (length) => {
      const view = new Uint8Array(request.buffer, offset, length);
      offset += length;
      return view;
    };
    Y.transact(doc, () => {
      if (request.snapshotLength >= 0) Y.applyUpdate(doc, next(request.snapshotLength));
      for (const length of request.updateLengths) Y.applyUpdate(doc, next(length));
    });
    const merged = Y.encodeStateAsUpdate(doc);
    reply = { id: request.id, ok: true, merged };
    transfer.push(merged.buffer);
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    doc.destroy();
  }
  parentPort.postMessage(reply, transfer);
});
`;
