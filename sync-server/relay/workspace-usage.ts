/**
 * Bytes stored per workspace, for the quota (`ENTENTE_MAX_WORKSPACE_BYTES`). The store knows the
 * truth (`RelayStore.workspaceBytes`, shared by every relay process); reading it on every update
 * would cost a query per keystroke, so the relay reads it when a room loads and again, in the
 * background, once the reading is older than `refreshMs`, and in between counts what it commits
 * itself. With several processes, what the others stored since the last reading is missed for
 * at most `refreshMs`; compactions, which shrink the count, are seen at the next reading.
 *
 * The check is made when an update is drained into a commit (`fits`, then `reserve`); the bytes
 * reserved are counted as stored once the commit succeeds and given back if it fails. The quota
 * is a guard against filling the disk, not an invoice: it may be passed by at most what one
 * batch and the other processes' last few seconds of writes add.
 */

/** Where the counts come from. */
export interface UsageSource {
  workspaceBytes(workspace: string): Promise<number>;
}

interface Entry {
  /** Bytes the store reported, plus what this process committed since. */
  stored: number;
  /** Bytes drained into the commit in flight. */
  inFlight: number;
  /** Monotonic time of the last reading. */
  readAt: number;
  reading: Promise<void> | null;
}

/** Default age after which a workspace's reading is refreshed. */
export const USAGE_REFRESH_MS = 5000;

/** Per-workspace usage as this relay process knows it. */
export class WorkspaceUsage {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly source: UsageSource,
    /** Monotonic clock, ms. */
    private readonly now: () => number,
    private readonly refreshMs = USAGE_REFRESH_MS,
  ) {}

  /** Reads the workspace's usage when unknown (awaited) or stale (in the background). */
  async ensure(workspace: string): Promise<void> {
    const entry = this.#entries.get(workspace);
    if (entry === undefined) {
      const stored = await this.source.workspaceBytes(workspace);
      // Another load may have read it meanwhile; keep the entry that commits already use.
      if (!this.#entries.has(workspace))
        this.#entries.set(workspace, {
          stored,
          inFlight: 0,
          readAt: this.now(),
          reading: null,
        });
      return;
    }
    this.refreshIfStale(workspace);
  }

  /** Bytes counted for `workspace` (stored and in flight); 0 before the first reading. */
  bytes(workspace: string): number {
    const entry = this.#entries.get(workspace);
    return entry === undefined ? 0 : entry.stored + entry.inFlight;
  }

  /** True when `extra` more bytes keep `workspace` within `limit`. */
  fits(workspace: string, extra: number, limit: number): boolean {
    return this.bytes(workspace) + extra <= limit;
  }

  /** Counts `n` bytes drained into the commit being prepared. */
  reserve(workspace: string, n: number): void {
    const entry = this.#entries.get(workspace);
    if (entry !== undefined) entry.inFlight += n;
  }

  /** After the commit: the reserved bytes are stored (`ok`) or given back. */
  settle(workspace: string, n: number, ok: boolean): void {
    const entry = this.#entries.get(workspace);
    if (entry === undefined) return;
    entry.inFlight = Math.max(0, entry.inFlight - n);
    if (ok) entry.stored += n;
    this.refreshIfStale(workspace);
  }

  /** Re-reads a stale workspace in the background; a failed reading keeps the old count. */
  refreshIfStale(workspace: string): void {
    const entry = this.#entries.get(workspace);
    if (entry === undefined || entry.reading !== null) return;
    if (this.now() - entry.readAt < this.refreshMs) return;
    // A commit that settles while the query runs may or may not be in its answer: the count
    // can be off by the bytes of one query's duration of commits, until the next reading.
    entry.reading = this.source
      .workspaceBytes(workspace)
      .then(
        (stored) => {
          entry.stored = stored;
        },
        () => undefined,
      )
      .finally(() => {
        entry.readAt = this.now();
        entry.reading = null;
      });
  }

  /** Resolves once no background reading is running (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.reading));
  }
}
