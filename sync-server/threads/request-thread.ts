/**
 * One worker thread answering requests in the order they were posted: each request gets an id,
 * each reply settles the promise of its id. Shared by the compactor (`storage/compactor.ts`) and
 * the room documents' thread (`relay/doc-thread.ts`).
 *
 * The thread starts lazily on the first request (or on `warm`) and is reused. It keeps the
 * process alive only while a request is pending, so a forgotten `close` cannot hang shutdown. If
 * it dies (out of memory, a crash), its pending requests reject, `onLost` is told, and the next
 * request starts a fresh thread.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** How to start the thread. */
export interface RequestThreadOptions {
  /** The worker's CommonJS source (`eval: true`; see `storage/compactor-worker.ts` for why). */
  readonly source: string;
  /** Its `workerData`, computed when a thread starts. */
  readonly workerData: () => unknown;
  /** V8 heap limits of the thread. */
  readonly resourceLimits?: ResourceLimits;
  /** Prefix of the errors of this thread ("compactor", "doc thread"). */
  readonly name: string;
  /**
   * Nice value of the thread (Linux keeps one per thread; elsewhere, or when refused, the call
   * is a no-op). Default {@link BACKGROUND_NICE}: on a machine with few cores, a long parse or
   * merge there competes for the CPU with the serving thread, which must win.
   */
  readonly nice?: number;
}

/**
 * Background threads run at this nice value: under contention the serving thread (nice 0) gets
 * about ten times their share of a core, and they still get all of an idle one.
 */
export const BACKGROUND_NICE = 10;

/**
 * Run first in the thread: `os.setPriority` with no pid is `setpriority(PRIO_PROCESS, 0)`,
 * which on Linux changes the calling thread only.
 */
function nicePreamble(nice: number): string {
  return `try { require('node:os').setPriority(${Math.trunc(nice)}); } catch {}\n`;
}

/** A reply from the worker: `id` matches its request. */
export interface ThreadReply {
  readonly id: number;
}

interface Pending {
  readonly resolve: (reply: never) => void;
  readonly reject: (error: Error) => void;
}

/** A worker thread with request/reply promises. */
export class RequestThread {
  readonly #options: RequestThreadOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #lostListeners: Array<(error: Error) => void> = [];
  #worker: Worker | null = null;
  #nextId = 1;
  #closed = false;

  constructor(options: RequestThreadOptions) {
    this.#options = options;
  }

  /** True once `close` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Calls `listener` whenever the running thread dies with requests (or state) in it. */
  onLost(listener: (error: Error) => void): void {
    this.#lostListeners.push(listener);
  }

  /**
   * Posts `build(id)` and resolves with the worker's reply to it. Rejects when the thread cannot
   * start, dies, or is closed. `transfer`: buffers moved, not copied, to the thread.
   */
  request<R extends ThreadReply>(
    build: (id: number) => { readonly message: unknown; readonly transfer?: ArrayBuffer[] },
  ): Promise<R> {
    if (this.#closed) return Promise.reject(new Error(`${this.#options.name} is closed`));
    let worker: Worker;
    try {
      worker = this.#worker ?? this.#start();
    } catch (error) {
      return Promise.reject(
        new Error(`${this.#options.name}: cannot start worker: ${messageOf(error)}`, {
          cause: error,
        }),
      );
    }
    const id = this.#nextId++;
    const { message, transfer } = build(id);
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (reply: never) => void, reject });
      if (this.#pending.size === 1) worker.ref(); // keep the process up until the job is done
      worker.postMessage(message, transfer ?? []);
    });
  }

  /** Posts a message that has no reply (the thread must be running; otherwise nothing to tell). */
  tell(message: unknown): void {
    this.#worker?.postMessage(message);
  }

  /** Starts the thread now rather than on the first request. */
  warm(): void {
    if (this.#closed || this.#worker !== null) return;
    this.#start();
  }

  /** Stops the thread; pending and later requests reject. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new Error(`${this.#options.name} is closed`));
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  #start(): Worker {
    const limits = this.#options.resourceLimits;
    // The source's own 'use strict' then is a plain expression: it comes first here instead.
    const source =
      `'use strict';\n${nicePreamble(this.#options.nice ?? BACKGROUND_NICE)}` +
      this.#options.source;
    const worker = new Worker(source, {
      eval: true,
      // Not the parent's flags: `--input-type=module` (a relay started with `-e`) would make
      // this CommonJS source an ES module, `--import tsx` would load a loader for nothing.
      execArgv: [],
      workerData: this.#options.workerData(),
      ...(limits ? { resourceLimits: limits } : {}),
    });
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.#settle(worker, reply));
    // 'error' is an uncaught exception in the worker (e.g. ERR_WORKER_OUT_OF_MEMORY); it is
    // followed by 'exit'. Either way the worker is gone: fail its jobs, start afresh next time.
    const name = this.#options.name;
    worker.on('error', (error: Error) =>
      this.#lost(worker, new Error(`${name} worker failed: ${error.message}`, { cause: error })),
    );
    worker.on('exit', (code) =>
      this.#lost(worker, new Error(`${name} worker exited with code ${code}`)),
    );
    this.#worker = worker;
    return worker;
  }

  #settle(worker: Worker, reply: ThreadReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) worker.unref();
    pending.resolve(reply as never);
  }

  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return; // already replaced, or closed on purpose
    this.#worker = null;
    this.#failAll(error);
    for (const listener of this.#lostListeners) listener(error);
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(error);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
