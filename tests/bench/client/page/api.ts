/**
 * What the two scripts built from this folder expose to the benchmark's Node side, which calls
 * them through Playwright's `page.evaluate`: `window.ententeBench` on the bench page (seeding
 * IndexedDB through the app's own storage modules, Yjs-only timings) and `window.ententeProbe`
 * in the real app (timestamps the app cannot give without a hook: see `probes.ts`).
 */
import type { Patch } from './paragraph-mirror.js';

/** A trace as the page receives it: one array of patches per trace transaction. */
export type TraceTxns = readonly (readonly Patch[])[];

/** How a room is stored in IndexedDB. */
export interface RoomShape {
  /** Bytes of the snapshot (0 when none). */
  readonly snapshotBytes: number;
  /** Entries of the update log after the snapshot. */
  readonly logEntries: number;
  /** Their bytes. */
  readonly logBytes: number;
  /** Highest sequence number: every update ever appended. */
  readonly lastSeq: number;
}

/** What to seed: a "Mon espace" document typed with a trace. */
export interface SeedRequest {
  /** IndexedDB database of the profile (the app's own name). */
  readonly databaseName: string;
  /** Document id suffix (`compte-rendu-<suffix>`). */
  readonly idSuffix: string;
  /** Title of the document. */
  readonly title: string;
  /** The trace, JSON of `TraceTxns` (a string crosses the DevTools protocol faster). */
  readonly traceJson: string;
  /**
   * `compacted`: typed through `LocalPersistence` with the app's compaction policy;
   * `log`: every transaction's update appended to the store and never compacted.
   */
  readonly mode: 'compacted' | 'log';
  /** `compacted` mode: trace transactions between two waits for the writes (one append each). */
  readonly flushEvery: number;
}

/** What seeding produced. */
export interface SeedReport {
  /** Document id in "Mon espace". */
  readonly id: string;
  /** Its room. */
  readonly room: string;
  /** Wall-clock time of the seeding. */
  readonly ms: number;
  /** The trace's text matched `endContent` (checked by the caller) — the mirror's text. */
  readonly traceText: string;
  /** Top-level blocks of the content (template + trace paragraphs). */
  readonly blocks: number;
  /** Characters of text in the content (what the editor's `textContent` holds). */
  readonly chars: number;
  /** How the room ended up stored. */
  readonly stored: RoomShape;
}

/** A room read and applied without the editor, to split the app's open time. */
export interface LoadBreakdown {
  /** `DexieDocStore.open` of the profile. */
  readonly openStoreMs: number;
  /** `store.load(room)`: IndexedDB read of snapshot and log. */
  readonly readMs: number;
  /** Applying them to a fresh `Y.Doc` in one transaction (as `LocalPersistence` does). */
  readonly applyMs: number;
  /** The room's shape when read. */
  readonly stored: RoomShape;
}

/** Two offline replicas merged in memory: Yjs alone, no editor, no network. */
export interface YjsMergeResult {
  /** Edits (trace transactions) each replica made. */
  readonly edits: number;
  /** Bytes each replica sent the other (state-vector diff). */
  readonly bytes: readonly [number, number];
  /** Encoding both diffs and applying them both ways. */
  readonly ms: number;
  /** Both replicas ended with the same text. */
  readonly identical: boolean;
}

/** The bench page's functions. */
export interface BenchApi {
  seed(request: SeedRequest): Promise<SeedReport>;
  loadBreakdown(databaseName: string, room: string): Promise<LoadBreakdown>;
  yjsMerge(a: string, b: string, edits: number): YjsMergeResult;
}

/** What the probe needs to know before the app starts (set by an earlier init script). */
export interface ProbeConfig {
  /** Wait for the editor to hold at least this many top-level blocks … */
  readonly blocks: number;
  /** … and this many characters of text before calling it open. */
  readonly chars: number;
}

/** One IndexedDB transaction the app ran, as the probe saw it. */
export interface IdbTransactionRecord {
  readonly db: string;
  readonly stores: readonly string[];
  readonly mode: string;
  /** `performance.now()` when the app asked for it. */
  readonly start: number;
  /** When it completed, or null. */
  end: number | null;
}

/** Timestamps of an app start on a document (`performance.now()`, 0 = navigation start). */
export interface OpenTimes {
  /** The app's first `indexedDB.open`. */
  readonly idbOpen: number;
  /** The editor was contenteditable and held the whole document. */
  readonly editable: number;
  /** The next animation frame began. */
  readonly frame: number;
  /** That frame was rendered (the first task after it ran, as for keystrokes). */
  readonly painted: number;
  /** Every IndexedDB transaction until then. */
  readonly transactions: readonly IdbTransactionRecord[];
}

/** One keystroke: `performance.now()` times. */
export interface KeystrokeSample {
  /** `KeyboardEvent.timeStamp` of the keydown (when the browser received the input). */
  readonly event: number;
  /** The probe's keydown listener (the first to run, capturing at the window) started. */
  readonly received: number;
  /**
   * The keystroke's `input` event had reached the window and the microtasks queued by then had
   * run: the editor had handled the character (ProseMirror reads it in a microtask).
   */
  processed: number | null;
  /** The first animation frame after the keydown began. */
  frame: number | null;
  /**
   * That frame was rendered: the first task after it ran (posted from its `requestAnimationFrame`
   * callback with the highest priority, so the app's queued tasks do not delay the mark).
   */
  painted: number | null;
}

/** An Event Timing entry (only events of 16 ms or more are reported by the browser). */
export interface SlowEvent {
  readonly name: string;
  readonly startTime: number;
  readonly duration: number;
}

/** WebSocket traffic of the page, as seen by a subclass of the global `WebSocket`. */
export interface SocketStats {
  /** Every `open` event: the socket's URL (one per room) and `performance.timeOrigin + performance.now()`. */
  readonly opens: readonly { readonly url: string; readonly at: number }[];
  /** Messages received so far. */
  readonly messagesIn: number;
}

/** The editor's text as last changed (merge measure). */
export interface ContentState {
  /** Blocks' text joined by `\n`, remote carets left out. */
  readonly text: string;
  /** `performance.timeOrigin + performance.now()` of the last change of `text`. */
  readonly changedAt: number;
  /** Every change since the watch started: when, and the text's new length. */
  readonly changes: readonly { readonly at: number; readonly length: number }[];
}

/** Trace transactions replayed through the editor. */
export interface ReplayReport {
  readonly txns: number;
  readonly ms: number;
  /** The trace's text as the mirror holds it. */
  readonly text: string;
}

/** The probe's functions, in the real app. */
export interface ProbeApi {
  openTimes(): OpenTimes | null;
  keystrokes(): KeystrokeSample[];
  slowEvents(): SlowEvent[];
  clearKeystrokes(): void;
  sockets(): SocketStats;
  watchContent(): void;
  content(): ContentState;
  replay(traceJson: string): Promise<ReplayReport>;
}

declare global {
  interface Window {
    /** Set by the bench page (`bench.ts`). */
    ententeBench?: BenchApi;
    /** Set by the probe injected into the app (`probe.ts`). */
    ententeProbe?: ProbeApi;
    /** Set by an init script before the probe runs. */
    ententeProbeConfig?: ProbeConfig;
  }
}
