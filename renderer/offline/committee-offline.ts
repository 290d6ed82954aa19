/**
 * Every document of a committee ready offline: keeps the committee's documents (from its index)
 * and their review rooms up to date on this computer in the background, over the committee's
 * one link, so that any document can be opened offline — even one never opened before.
 *
 * How it works:
 * - **What**: `planOffline` (`shared/offline/offline-plan.ts`) over the index, the member's
 *   budget, the documents they opened or edited (pinned: always kept) and the sizes last
 *   stored; re-planned when any of those changes.
 * - **When** a document is due: it has no copy, its copy is older than the live index says
 *   (`updatedAt` above the version it was stored at), or it was not brought up to date since
 *   the link last connected (each connection starts a new *pass*: review rooms change without
 *   touching the index, and a reconnection is when edits made elsewhere meanwhile arrive).
 *   Missing and outdated copies go before refreshes, newest first within each.
 * - **How**: `BackgroundQueue` runs `fetchDocument` for {@link CONCURRENCY} documents at a time,
 *   each started in a background-priority task; a download brings the two rooms up to date —
 *   at the level of bytes for rooms nobody has loaded (`copy-room.ts`: no `Y.Doc` built), by
 *   sharing the loaded copy otherwise — then records the copy (`offline-records.ts`). Memory
 *   stays bounded whatever the committee's size; the documents the member has open are shared
 *   with the download (one `Y.Doc` each), never reloaded.
 * - Downloads stop while the link is down (those running are cancelled, their rooms released)
 *   and while `gate` is closed (the local disk failing or nearly full); none starts while the
 *   member's own changes from before a connection are on their way to the relay (they go first
 *   after a reconnection).
 *
 * The home page reads {@link CommitteeOffline.snapshot}, throttled (`subscribe`).
 */
import { contentRoom, reviewRoom } from '../../shared/model/room-name.js';
import { planOffline, type OfflinePlan } from '../../shared/offline/offline-plan.js';
import type { IndexEntry } from '../../shared/schema/doc-schema.js';
import type { DocStore } from '../../shared/storage/doc-store.js';
import type { LocalWorkspace } from '../documents/local-workspace.js';
import { Listeners, type Unsubscribe } from '../sync/listeners.js';
import type { WorkspaceSync } from '../sync/workspace-sync.js';
import { BackgroundQueue } from './background-queue.js';
import { isCurrent } from './document-state.js';
import { fetchDocument } from './fetch-document.js';
import type { OfflineRecords } from './offline-records.js';
import { buildSnapshot, type OfflineSnapshot } from './offline-snapshot.js';

export type { OfflineSnapshot };

/** Documents downloaded at once: six rooms in flight, whatever the committee's size. */
export const CONCURRENCY = 3;

/** Longest wait for the relay's answer for one document before trying again later. */
export const FETCH_TIMEOUT_MS = 30_000;

/**
 * On a new connection, the member's own unconfirmed changes have the connection to themselves
 * for at most this long before downloads start anyway.
 */
export const OWN_CHANGES_FIRST_MS = 10_000;

/** The home page hears of changes at most this often (a download changes it per document). */
export const NOTIFY_MS = 200;

/** Whether background downloads may run (closed while local storage is failing or full). */
export interface OfflineGate {
  /** True while downloads may run. */
  open(): boolean;
  /** Called when `open` may have changed. */
  subscribe(listener: () => void): Unsubscribe;
}

/** Options of {@link CommitteeOffline}. */
export interface CommitteeOfflineOptions {
  /** The committee's documents. */
  readonly workspace: LocalWorkspace;
  /** Its link and rooms. */
  readonly sync: WorkspaceSync;
  /** Its bookkeeping (budget, pinned documents, copies). */
  readonly records: OfflineRecords;
  /** The local store (to drop records whose rooms it no longer holds). */
  readonly store: DocStore;
  /** Current time in ms. */
  readonly now: () => number;
  /** Holds downloads while closed. */
  readonly gate?: OfflineGate;
  /** Documents at once (tests); defaults to {@link CONCURRENCY}. */
  readonly concurrency?: number;
  /** See {@link FETCH_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

/** A committee's offline copies; see the module comment. */
export class CommitteeOffline {
  readonly #options: CommitteeOfflineOptions;
  readonly #queue: BackgroundQueue;
  readonly #listeners = new Listeners<void>();
  readonly #stops: Unsubscribe[] = [];
  /** The connection count: a document is refreshed once per connection. */
  #pass = 0;
  #connected = false;
  /** On a new connection, when the member's own changes stop going first (see below). */
  #ownFirstUntil: number | null = null;
  #ownFirstTimer: ReturnType<typeof setTimeout> | undefined;
  /** Per document, the pass and index version of the last download started. */
  readonly #attempts = new Map<string, { readonly pass: number; readonly version: number }>();
  #entries: ReadonlyMap<string, IndexEntry> | null = null;
  #plan: OfflinePlan | null = null;
  #snapshot: OfflineSnapshot | null = null;
  #listKnown = false;
  #notifyTimer: ReturnType<typeof setTimeout> | undefined;
  #notifyAgain = false;
  #started = false;
  #closed = false;

  constructor(options: CommitteeOfflineOptions) {
    this.#options = options;
    this.#queue = new BackgroundQueue(
      {
        canStart: () =>
          this.#started && this.#connected && this.#gateOpen() && !this.#ownChangesFirst(),
        next: (busy) => this.#next(busy),
        run: (id, signal) => this.#run(id, signal),
      },
      options.concurrency ?? CONCURRENCY,
    );
  }

  /** The member's budget for this committee's copies, in bytes. */
  get budgetBytes(): number {
    return this.#options.records.budgetBytes;
  }

  /** Ids being downloaded now (tests, diagnostics). */
  get downloading(): ReadonlySet<string> {
    return this.#queue.busy;
  }

  /**
   * Starts: drops records of copies the store no longer holds, then follows the index, the
   * link and the gate. Resolves once running.
   */
  async start(): Promise<void> {
    if (this.#started || this.#closed) return;
    const { workspace, sync, records, store, gate } = this.#options;
    // Keys only (cheap). A store that cannot list says nothing: keep the records as they are.
    const listed = await store.listRooms().catch(() => null);
    if (listed !== null) {
      const rooms = new Set(listed);
      for (const id of records.copies())
        if (!rooms.has(contentRoom(workspace.id, id))) records.forgetCopy(id);
    }
    if (this.#closed) return;
    this.#started = true;
    const index = workspace.indexConnection;
    this.#listKnown = records.firstDownloadDone || index?.synced === true;
    this.#stops.push(
      workspace.subscribe(() => this.#changed({ index: true })),
      sync.link.onChange(() => this.#linkChanged()),
      // Counts and refusals per room: the list's states; and once the member's own changes
      // are all confirmed, downloads may start again.
      sync.subscribe(() => {
        this.#changed();
        this.#queue.poke();
      }),
    );
    if (index !== null) {
      this.#stops.push(
        index.onSynced(() => {
          this.#listKnown = true;
          this.#changed({ index: true });
        }),
      );
    }
    if (gate !== undefined) this.#stops.push(gate.subscribe(() => this.#changed({ plan: true })));
    this.#linkChanged();
    this.#changed({ index: true });
  }

  /** The member used document `id` (opened, edited): kept offline whatever the budget. */
  used(id: string): void {
    if (this.#options.records.pin(id)) this.#changed({ plan: true });
  }

  /** True when the member opened or edited document `id`. */
  isPinned(id: string): boolean {
    return this.#options.records.isPinned(id);
  }

  /** Sets the budget (bytes; stored for this profile); throws a `RangeError` for a bad value. */
  setBudget(bytes: number): void {
    this.#options.records.setBudget(bytes);
    this.#changed({ plan: true });
  }

  /** The current state (cached until something changes). */
  snapshot(): OfflineSnapshot {
    this.#snapshot ??= this.#buildSnapshot();
    return this.#snapshot;
  }

  /** Calls `listener` after changes, at most every {@link NOTIFY_MS}. */
  subscribe(listener: () => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  /** Stops: cancels the downloads and waits until their rooms are released. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of this.#stops.splice(0)) stop();
    clearTimeout(this.#notifyTimer);
    clearTimeout(this.#ownFirstTimer);
    this.#listeners.clear();
    await this.#queue.close();
    this.#options.records.flush();
  }

  /**
   * True while, on a new connection, the member's own changes are still on their way to the
   * relay (the header's "Synchronisation…"): what she wrote offline goes first — a refresh of
   * every copy would share the connection and the main thread with it. Once they are
   * confirmed (or after {@link OWN_CHANGES_FIRST_MS}, should the relay not take them: a full
   * workspace), downloads run for the rest of the connection, typing or not.
   */
  #ownChangesFirst(): boolean {
    if (this.#ownFirstUntil === null) return false;
    const now = performance.now();
    if (this.#options.sync.status !== 'syncing' || now >= this.#ownFirstUntil) {
      this.#ownFirstUntil = null;
      clearTimeout(this.#ownFirstTimer);
      return false;
    }
    return true;
  }

  #gateOpen(): boolean {
    return this.#options.gate?.open() ?? true;
  }

  #linkChanged(): void {
    const connected = this.#options.sync.link.connected;
    if (connected === this.#connected) return;
    this.#connected = connected;
    clearTimeout(this.#ownFirstTimer);
    if (connected) {
      this.#pass += 1;
      this.#ownFirstUntil = performance.now() + OWN_CHANGES_FIRST_MS;
      this.#ownFirstTimer = setTimeout(() => this.#queue.poke(), OWN_CHANGES_FIRST_MS);
    } else {
      this.#ownFirstUntil = null;
      this.#queue.abortAll();
    }
    this.#changed({ plan: true });
  }

  /** Something changed: the snapshot is stale; `plan`/`index` changes may make downloads due. */
  #changed(what: { readonly plan?: boolean; readonly index?: boolean } = {}): void {
    if (this.#closed) return;
    if (what.index) this.#entries = null;
    if (what.index || what.plan) {
      this.#plan = null;
      this.#queue.poke();
    }
    this.#snapshot = null;
    this.#notifySoon();
  }

  /** Leading edge at once (next task), then at most one call per {@link NOTIFY_MS}. */
  #notifySoon(): void {
    if (this.#notifyTimer !== undefined) {
      this.#notifyAgain = true;
      return;
    }
    this.#notifyTimer = setTimeout(() => this.#notify(), 0);
  }

  #notify(): void {
    const snapshot = this.snapshot();
    const complete = snapshot.listKnown && snapshot.ready >= snapshot.total;
    if (complete && !snapshot.firstDownloadDone) {
      this.#options.records.markFirstDownloadDone();
      this.#snapshot = null;
    }
    this.#listeners.emit();
    this.#notifyTimer = setTimeout(() => {
      this.#notifyTimer = undefined;
      if (this.#notifyAgain) {
        this.#notifyAgain = false;
        this.#notifySoon();
      }
    }, NOTIFY_MS);
  }

  #currentEntries(): ReadonlyMap<string, IndexEntry> {
    this.#entries ??= new Map(
      this.#options.workspace.list().map(({ id, ...entry }) => [id, entry]),
    );
    return this.#entries;
  }

  #currentPlan(): OfflinePlan {
    if (this.#plan !== null) return this.#plan;
    const { records, workspace } = this.#options;
    const candidates = [...this.#currentEntries()].map(([id, entry]) => ({
      id,
      updatedAt: entry.updatedAt,
      archived: entry.archived,
      bytes: records.copyOf(id)?.bytes ?? null,
      pinned: records.isPinned(id),
    }));
    this.#plan = planOffline(candidates, {
      budgetBytes: records.budgetBytes,
      reservedBytes: workspace.indexBytes(),
    });
    return this.#plan;
  }

  /** True when `id` was not brought up to date in this pass at its current version. */
  #due(id: string, entry: IndexEntry): boolean {
    const attempt = this.#attempts.get(id);
    return !(attempt?.pass === this.#pass && attempt.version >= entry.updatedAt);
  }

  #next(busy: ReadonlySet<string>): string | null {
    const entries = this.#currentEntries();
    const keep = this.#currentPlan().keep;
    const records = this.#options.records;
    let refresh: string | null = null;
    for (const id of keep) {
      const entry = entries.get(id);
      if (entry === undefined || busy.has(id) || !this.#due(id, entry)) continue;
      // Missing and outdated copies first; the first refresh is kept in case there are none.
      if (!isCurrent(records.copyOf(id), entry.updatedAt)) return id;
      refresh ??= id;
    }
    return refresh;
  }

  async #run(id: string, signal: AbortSignal): Promise<void> {
    const entry = this.#currentEntries().get(id);
    if (entry === undefined) return;
    const version = entry.updatedAt;
    this.#attempts.set(id, { pass: this.#pass, version });
    this.#changed();
    const { workspace, sync, store, records, now, timeoutMs } = this.#options;
    const outcome = await fetchDocument({
      workspace,
      link: sync.link,
      store,
      id,
      signal,
      timeoutMs: timeoutMs ?? FETCH_TIMEOUT_MS,
    });
    if (outcome.kind === 'stored') {
      records.putCopy(id, { version, bytes: outcome.bytes, storedAt: now() });
      this.#changed({ plan: true });
    } else {
      if (outcome.kind === 'interrupted' && outcome.why === 'failed') {
        console.warn(`offline copy of ${id} not stored: the local store failed`);
      }
      this.#changed();
    }
  }

  #buildSnapshot(): OfflineSnapshot {
    const { workspace, sync, records } = this.#options;
    const rooms = (id: string) => [contentRoom(workspace.id, id), reviewRoom(workspace.id, id)];
    return buildSnapshot({
      entries: this.#currentEntries(),
      plan: this.#currentPlan(),
      copyOf: (id) => records.copyOf(id),
      busy: this.#queue.busy,
      due: (id) => {
        const entry = this.#currentEntries().get(id);
        return entry !== undefined && this.#due(id, entry);
      },
      unconfirmedOf: (id) => rooms(id).reduce((sum, room) => sum + sync.unconfirmedOf(room), 0),
      refusalOf: (id) => {
        for (const room of rooms(id)) {
          const refusal = sync.refusalOf(room);
          if (refusal !== null) return refusal;
        }
        return null;
      },
      indexBytes: workspace.indexBytes(),
      connected: this.#connected,
      paused: !this.#gateOpen(),
      listKnown: this.#listKnown,
      firstDownloadDone: records.firstDownloadDone,
      budgetBytes: records.budgetBytes,
    });
  }
}
