/**
 * Merges a room's snapshot and update log into one new snapshot on a worker thread, so that
 * compacting a large document never blocks the relay's event loop (rule 9: the policy is in
 * `shared/storage/compaction.ts`, the storage in the `DocStore`, the CPU work here).
 *
 * One worker, started on the first merge and reused; jobs queue in it in call order. A job whose
 * bytes Yjs cannot decode rejects alone; if the worker itself dies (out of memory, a crash) its
 * pending jobs reject and the next merge starts a fresh one. The worker does not keep the
 * process alive while idle, so a forgotten `close` cannot hang shutdown.
 */
import { createRequire } from 'node:module';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import {
  COMPACTOR_WORKER_SOURCE,
  type CompactorWorkerData,
  type MergeReply,
  type MergeRequest,
} from './compactor-worker.js';

/** Tuning for the worker thread. */
export interface CompactorOptions {
  /**
   * V8 heap limits of the worker, so that a document with too many structs fails its own merge
   * (`ERR_WORKER_OUT_OF_MEMORY`) instead of exhausting the relay. NOTE: a guard, not a guarantee:
   * on Node 20 a large `ArrayBuffer` allocated near the limit can abort the whole process (seen
   * when encoding a 64 MiB string under a 16 MiB heap). Give generous limits and bound document
   * and update sizes upstream. Default: Node's defaults.
   */
  readonly resourceLimits?: ResourceLimits;
}

interface PendingMerge {
  readonly resolve: (merged: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

/** Runs Yjs merges (snapshot + updates → one state update) off the main thread. */
export class Compactor {
  readonly #options: CompactorOptions;
  readonly #pending = new Map<number, PendingMerge>();
  #worker: Worker | null = null;
  #nextId = 1;
  #closed = false;

  /** Creates the compactor; the worker starts lazily on the first `merge`. */
  constructor(options: CompactorOptions = {}) {
    this.#options = options;
  }

  /**
   * Applies `snapshot` (if any) then `updates` to a fresh Y.Doc (gc on) in the worker and resolves
   * to `Y.encodeStateAsUpdate` of it. The inputs are copied, never detached or modified. Rejects
   * when Yjs cannot decode the bytes, when the worker dies, or after `close`.
   */
  merge(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new Error('compactor is closed'));
    if (snapshot !== null && !(snapshot instanceof Uint8Array)) {
      return Promise.reject(new TypeError('compactor: snapshot must be a Uint8Array or null'));
    }
    if (!Array.isArray(updates) || !updates.every((u) => u instanceof Uint8Array)) {
      return Promise.reject(new TypeError('compactor: updates must be an array of Uint8Array'));
    }
    let worker: Worker;
    try {
      worker = this.#worker ?? this.#start();
    } catch (error) {
      return Promise.reject(
        new Error(`compactor: cannot start worker: ${messageOf(error)}`, { cause: error }),
      );
    }
    const request = pack(this.#nextId++, snapshot, updates);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#pending.set(request.id, { resolve, reject });
      if (this.#pending.size === 1) worker.ref(); // keep the process up until the job is done
      worker.postMessage(request, [request.buffer]);
    });
  }

  /**
   * Starts the worker now rather than on the first merge, so that the first room loaded after a
   * restart does not also pay for starting a thread and loading Yjs into it.
   */
  warm(): void {
    if (this.#closed || this.#worker !== null) return;
    this.#start();
  }

  /** Stops the worker; pending and later merges reject. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new Error('compactor is closed'));
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #start(): Worker {
    const workerData: CompactorWorkerData = {
      yjsPath: createRequire(import.meta.url).resolve('yjs'),
    };
    const worker = new Worker(COMPACTOR_WORKER_SOURCE, {
      eval: true,
      workerData,
      ...(this.#options.resourceLimits ? { resourceLimits: this.#options.resourceLimits } : {}),
    });
    worker.unref();
    worker.on('message', (reply: MergeReply) => this.#settle(worker, reply));
    // 'error' is an uncaught exception in the worker (e.g. ERR_WORKER_OUT_OF_MEMORY); it is
    // followed by 'exit'. Either way the worker is gone: fail its jobs, start afresh next time.
    worker.on('error', (error: Error) =>
      this.#lost(worker, new Error(`compactor worker failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) =>
      this.#lost(worker, new Error(`compactor worker exited with code ${code}`)),
    );
    this.#worker = worker;
    return worker;
  }

  #settle(worker: Worker, reply: MergeReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) worker.unref();
    if (reply.ok) pending.resolve(reply.merged);
    else pending.reject(new Error(`compactor: merge failed: ${reply.message}`));
  }

  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return; // already replaced, or closed on purpose
    this.#worker = null;
    this.#failAll(error);
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(error);
  }
}

/** Copies the inputs back to back into one buffer that can be transferred to the worker. */
function pack(
  id: number,
  snapshot: Uint8Array | null,
  updates: readonly Uint8Array[],
): MergeRequest {
  let total = snapshot?.byteLength ?? 0;
  for (const update of updates) total += update.byteLength;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of snapshot ? [snapshot, ...updates] : updates) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return {
    id,
    buffer: bytes.buffer,
    snapshotLength: snapshot ? snapshot.byteLength : -1,
    updateLengths: updates.map((update) => update.byteLength),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
