/**
 * Runs background downloads a few at a time, each started in a background-priority task, so
 * that they never hold up what the member is doing: memory stays bounded (at most
 * `concurrency` documents — two rooms each — loaded for the download at once, whatever the
 * committee's size), and the main thread gives input, rendering and the open documents' own
 * messages precedence over starting the next download (`scheduler.postTask` with `background`
 * priority runs only when nothing more urgent waits; elsewhere a plain task).
 *
 * What to download next, and whether it may start now, is the source's to say; the queue only
 * keeps the slots full and cancels what runs when asked.
 */

/** What {@link BackgroundQueue} runs. */
export interface QueueSource {
  /** True while downloads may start (the link is up). */
  canStart(): boolean;
  /** The next id to download, not one of `busy`; null when nothing is due. */
  next(busy: ReadonlySet<string>): string | null;
  /** Downloads `id`; `signal` aborts it. Must not reject (a rejection is reported). */
  run(id: string, signal: AbortSignal): Promise<void>;
}

/** Posts `task` at background priority where the browser has a scheduler. */
function postBackground(task: () => void): void {
  const scheduler = (
    globalThis as {
      scheduler?: { postTask?: (task: () => void, options: { priority: string }) => unknown };
    }
  ).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    void Promise.resolve(scheduler.postTask(task, { priority: 'background' })).catch(reportError);
  } else {
    setTimeout(task, 0);
  }
}

/** A bounded pool of background downloads. */
export class BackgroundQueue {
  readonly #source: QueueSource;
  readonly #concurrency: number;
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #scheduled = false;
  #closed = false;

  constructor(source: QueueSource, concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
    }
    this.#source = source;
    this.#concurrency = concurrency;
  }

  /** Ids being downloaded now. */
  get busy(): ReadonlySet<string> {
    return new Set(this.#running.keys());
  }

  /** True while `id` is being downloaded. */
  isBusy(id: string): boolean {
    return this.#running.has(id);
  }

  /** Something may be due: fills the free slots in a coming background task. */
  poke(): void {
    if (this.#scheduled || this.#closed) return;
    this.#scheduled = true;
    postBackground(() => {
      this.#scheduled = false;
      this.#fill();
    });
  }

  /** Cancels every running download (they end as interrupted). */
  abortAll(): void {
    for (const { controller } of this.#running.values()) controller.abort();
  }

  /** Cancels everything and resolves once every download has let go of its rooms. */
  async close(): Promise<void> {
    this.#closed = true;
    this.abortAll();
    await Promise.all([...this.#running.values()].map(({ done }) => done));
  }

  #fill(): void {
    if (this.#closed || !this.#source.canStart()) return;
    if (this.#running.size >= this.#concurrency) return;
    const id = this.#source.next(this.busy);
    if (id === null) return;
    const controller = new AbortController();
    const done = this.#source
      .run(id, controller.signal)
      .catch(reportError)
      .finally(() => {
        this.#running.delete(id);
        this.poke();
      });
    this.#running.set(id, { controller, done });
    // One start per task: the next slot is filled in a task of its own.
    if (this.#running.size < this.#concurrency) this.poke();
  }
}
