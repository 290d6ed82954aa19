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
import type { ResourceLimits } from 'node:worker_threads';
import { RequestThread } from '../threads/request-thread.js';
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

/** Runs Yjs merges (snapshot + updates → one state update) off the main thread. */
export class Compactor {
  readonly #thread: RequestThread;

  /** Creates the compactor; the worker starts lazily on the first `merge`. */
  constructor(options: CompactorOptions = {}) {
    this.#thread = new RequestThread({
      name: 'compactor',
      source: COMPACTOR_WORKER_SOURCE,
      workerData: (): CompactorWorkerData => ({
        yjsPath: createRequire(import.meta.url).resolve('yjs'),
      }),
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
  }

  /**
   * Applies `snapshot` (if any) then `updates` to a fresh Y.Doc (gc on) in the worker and resolves
   * to `Y.encodeStateAsUpdate` of it. The inputs are copied, never detached or modified. Rejects
   * when Yjs cannot decode the bytes, when the worker dies, or after `close`.
   */
  async merge(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Promise<Uint8Array> {
    if (snapshot !== null && !(snapshot instanceof Uint8Array)) {
      throw new TypeError('compactor: snapshot must be a Uint8Array or null');
    }
    if (!Array.isArray(updates) || !updates.every((u) => u instanceof Uint8Array)) {
      throw new TypeError('compactor: updates must be an array of Uint8Array');
    }
    const reply = await this.#thread.request<MergeReply>((id) => {
      const request = pack(id, snapshot, updates);
      return { message: request, transfer: [request.buffer] };
    });
    if (reply.ok) return reply.merged;
    throw new Error(`compactor: merge failed: ${reply.message}`);
  }

  /**
   * Starts the worker now rather than on the first merge, so that the first room loaded after a
   * restart does not also pay for starting a thread and loading Yjs into it.
   */
  warm(): void {
    this.#thread.warm();
  }

  /** Stops the worker; pending and later merges reject. Idempotent. */
  close(): Promise<void> {
    return this.#thread.close();
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
