/**
 * `/readyz`: whether this relay can take members' work now. A read that answers says little — a
 * full disk still reads — so readiness is a small real write (`RelayStore.checkWritable`, and a
 * Redis ping when fanning out) that must finish within a deadline. The answer is kept for
 * `cacheMs`, so that a load balancer probing every second costs one write per period, and
 * concurrent probes share one check. It recovers by itself: the next check after space is back
 * (or the database answers again) succeeds.
 */

/** The verdict of a check. */
export type ReadinessVerdict =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Settings of {@link Readiness}. */
export interface ReadinessOptions {
  /** How long a verdict is reused, ms (default 1500). */
  readonly cacheMs?: number;
  /** How long a check may take before it counts as failed, ms (default 2000). */
  readonly deadlineMs?: number;
  /** Monotonic clock, ms. */
  readonly now: () => number;
  /** Called when the verdict changes (for the log). */
  readonly onChange?: (verdict: ReadinessVerdict) => void;
}

/** Runs and caches readiness checks. */
export class Readiness {
  #verdict: ReadinessVerdict | null = null;
  #checkedAt = -Infinity;
  #running: Promise<ReadinessVerdict> | null = null;

  constructor(
    /** The real check: resolves when writable, rejects with why not. */
    private readonly probe: () => Promise<void>,
    private readonly options: ReadinessOptions,
  ) {}

  /** The current verdict: cached, or from a fresh check. */
  check(): Promise<ReadinessVerdict> {
    const { cacheMs = 1500, now } = this.options;
    if (this.#verdict !== null && now() - this.#checkedAt < cacheMs)
      return Promise.resolve(this.#verdict);
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<ReadinessVerdict> {
    const { deadlineMs = 2000, now, onChange } = this.options;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
    });
    let verdict: ReadinessVerdict;
    try {
      await Promise.race([this.probe(), deadline]);
      verdict = { ok: true };
    } catch (error) {
      verdict = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
    const changed = this.#verdict === null || this.#verdict.ok !== verdict.ok;
    this.#verdict = verdict;
    this.#checkedAt = now();
    if (changed) onChange?.(verdict);
    return verdict;
  }
}
