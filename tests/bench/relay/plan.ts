/**
 * What a run does: the full benchmark (~6–7 minutes on 2 cores) or, with `BENCH_QUICK=1`, the
 * same steps shrunk to check that the script works (~1 minute; numbers not meaningful).
 */

/** Every size and duration of a run. */
export interface Plan {
  readonly quick: boolean;
  readonly fanout: {
    clients: number;
    intervalMs: number;
    durationMs: number;
    /** Rounds per server, alternating servers. */
    rounds: number;
    /** Extra rounds per server allowed to replace rounds disturbed by other work. */
    maxExtraRounds: number;
  };
  readonly flood: {
    rooms: number;
    receiversPerRoom: number;
    /** Updates a writer may have in flight (sent, not yet seen by its room's watcher). */
    window: number;
    /** Offered deliveries per second, in increasing order; an unlimited step always follows. */
    ramp: readonly number[];
    /** A step counts as sustained when it delivered at least this share of what was offered. */
    keptUpShare: number;
    /** Repeats of a step that fell short while other work took more than `quietCores`. */
    maxRetries: number;
    warmupMs: number;
    stepMs: number;
  };
  readonly memory: {
    rooms: number;
    connections: number;
    docChars: number;
    settleMs: number;
    samples: number;
    sampleEveryMs: number;
    /** Rounds per server, alternating servers. */
    rounds: number;
  };
  readonly cold: {
    updates: number;
    window: number;
    restarts: number;
    inMemoryLoads: number;
    /** Extra loads (of each kind) allowed to replace loads disturbed by other work. */
    maxExtraLoads: number;
  };
  /**
   * A latency sample counts as quiet when processes outside the benchmark took at most this many
   * cores meanwhile; summaries use quiet samples when there are any (all samples stay listed).
   */
  readonly quietCores: number;
  /** The whole run is killed after this long, whatever happens. */
  readonly deadlineMs: number;
}

const FULL: Plan = {
  quick: false,
  fanout: { clients: 100, intervalMs: 20, durationMs: 10_000, rounds: 2, maxExtraRounds: 3 },
  flood: {
    rooms: 50,
    receiversPerRoom: 20,
    window: 64,
    ramp: [50_000, 100_000, 150_000, 200_000, 250_000, 300_000, 350_000, 400_000, 500_000],
    keptUpShare: 0.95,
    maxRetries: 2,
    warmupMs: 1000,
    stepMs: 5000,
  },
  memory: {
    rooms: 500,
    connections: 2000,
    docChars: 2000,
    settleMs: 2000,
    samples: 5,
    sampleEveryMs: 400,
    rounds: 3,
  },
  cold: { updates: 50_000, window: 500, restarts: 7, inMemoryLoads: 7, maxExtraLoads: 5 },
  quietCores: 0.5,
  deadlineMs: 15 * 60_000,
};

const QUICK: Plan = {
  quick: true,
  fanout: { clients: 100, intervalMs: 20, durationMs: 2000, rounds: 1, maxExtraRounds: 0 },
  flood: {
    rooms: 10,
    receiversPerRoom: 10,
    window: 64,
    ramp: [20_000, 60_000],
    keptUpShare: 0.95,
    maxRetries: 0,
    warmupMs: 500,
    stepMs: 1500,
  },
  memory: {
    rooms: 100,
    connections: 400,
    docChars: 2000,
    settleMs: 1000,
    samples: 3,
    sampleEveryMs: 200,
    rounds: 1,
  },
  cold: { updates: 5000, window: 500, restarts: 2, inMemoryLoads: 2, maxExtraLoads: 0 },
  quietCores: 0.5,
  deadlineMs: 4 * 60_000,
};

/** The plan selected by the environment. */
export function planFromEnv(env: NodeJS.ProcessEnv): Plan {
  return env.BENCH_QUICK === '1' ? QUICK : FULL;
}
