/**
 * How much the client benchmark does. A full run follows the targets' wording (the whole
 * 259,778-transaction trace, 10 peers, 10,000 edits per replica); `BENCH_QUICK=1` shrinks
 * everything to check the script in a few minutes and writes to `.bench/` only.
 */

/** The targets from the client issue. */
export const CLIENT_TARGETS = {
  openMs: 300,
  keystrokeP95Ms: 16,
  mergeMs: 1000,
  /** From the relay's return to every document's offline edits confirmed. */
  reconnectMs: 2000,
  /** First offline download of the whole committee. */
  downloadMs: 10_000,
} as const;

/** Parameters of one run. */
export interface ClientPlan {
  readonly quick: boolean;
  /** Trace transactions typed into the document to open (all of them in a full run). */
  readonly openTxns: number;
  /** Cold opens per stored form; a `log` round seeds its own document (opening compacts it). */
  readonly openRounds: { readonly compacted: number; readonly log: number };
  /** Seeding: trace transactions per wait for the writes. */
  readonly flushEvery: number;
  /** Longest wait for the app to show the document. */
  readonly openTimeoutMs: number;
  readonly typing: {
    /** Keystrokes typed in the page per scenario. */
    readonly keystrokes: number;
    /** Remote peers of the loaded scenario (an idle scenario with none runs first). */
    readonly peers: number;
    /** Pause between two of the page's keystrokes, uniform in [min, max) ms. */
    readonly keyDelayMs: readonly [number, number];
    /** Pause between two keystrokes of one peer, uniform in [min, max) ms. */
    readonly peerDelayMs: readonly [number, number];
    /** Peers type this long before the page starts. */
    readonly warmupMs: number;
  };
  readonly merge: {
    /** Trace transactions each replica types offline. */
    readonly edits: number;
    /** Merges through the app and the relay. */
    readonly rounds: number;
    /** Merges of two Y.Docs in the bench page (Yjs alone). */
    readonly yjsRounds: number;
  };
  readonly reconnect: {
    /** Documents edited offline before the network comes back. */
    readonly documents: number;
    readonly rounds: number;
  };
  readonly download: {
    /** Charter-sized documents of the big committee (`committee-docs.ts`). */
    readonly documents: number;
    /** Keystrokes typed in an open document from the start of the download (those after its end are left out). */
    readonly keystrokes: number;
    /** Pause between two keystrokes, uniform in [min, max) ms. */
    readonly keyDelayMs: readonly [number, number];
    /** Fresh profiles, each joining and downloading the whole committee. */
    readonly rounds: number;
  };
  /** The whole run stops after this, whatever hangs. */
  readonly deadlineMs: number;
}

const FULL: ClientPlan = {
  quick: false,
  openTxns: Number.POSITIVE_INFINITY,
  openRounds: { compacted: 7, log: 3 },
  flushEvery: 100,
  openTimeoutMs: 300_000,
  typing: {
    keystrokes: 400,
    peers: 10,
    keyDelayMs: [100, 220],
    peerDelayMs: [150, 350],
    warmupMs: 3000,
  },
  merge: { edits: 10_000, rounds: 3, yjsRounds: 5 },
  reconnect: { documents: 50, rounds: 3 },
  download: { documents: 200, keystrokes: 60, keyDelayMs: [100, 220], rounds: 3 },
  deadlineMs: 90 * 60_000,
};

const QUICK: ClientPlan = {
  ...FULL,
  quick: true,
  openTxns: 20_000,
  openRounds: { compacted: 2, log: 1 },
  typing: { ...FULL.typing, keystrokes: 40 },
  merge: { edits: 1000, rounds: 1, yjsRounds: 2 },
  reconnect: { documents: 10, rounds: 1 },
  download: { documents: 30, keystrokes: 20, keyDelayMs: [100, 220], rounds: 1 },
  deadlineMs: 25 * 60_000,
};

/** The plan `BENCH_QUICK` asks for. */
export function clientPlanFromEnv(env: NodeJS.ProcessEnv): ClientPlan {
  return env.BENCH_QUICK === '1' ? QUICK : FULL;
}
