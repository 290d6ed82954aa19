/**
 * Coordinator side of the fan-out latency measurement. Rounds alternate between the servers
 * (ours, reference, ours, …) so that a burst of other work on the shared machine does not fall
 * on one server only; latencies are pooled per server, and each round's p99 and the CPU other
 * processes took during it are kept to show how much the machine disturbed the round.
 */
import { noteServerOutput, noteStop, type Oddities } from './measure.js';
import type { Plan } from './plan.js';
import type { Generator } from './pool.js';
import { CpuMeter } from './proc.js';
import { mergeCloses } from './protocol.js';
import { describeMetrics, scrapeMetrics } from './relay-metrics.js';
import { BENCH_SECRET, startServer, type ServerKind } from './servers.js';
import { summarize, type Summary } from './stats.js';
import { benchRoom } from './tokens.js';

/** One round against one server. */
export interface FanoutRound {
  readonly latency: Summary;
  readonly writes: number;
  readonly expected: number;
  readonly received: number;
  /** Server CPU over the round (join + writes), cores. */
  readonly serverCores: number;
  /** CPU taken by processes that are not part of the benchmark, cores. */
  readonly otherCores: number;
  /** Other work stayed within `plan.quietCores`. */
  readonly quiet: boolean;
}

/** All rounds of one server, pooled. */
export interface FanoutReport {
  /** Over the quiet rounds' receipts, or every round's when some server had no quiet round. */
  readonly latency: Summary;
  /** Which rounds `latency` pools. */
  readonly pooled: 'quiet' | 'all';
  readonly quietRounds: number;
  readonly rounds: FanoutRound[];
  readonly expected: number;
  readonly received: number;
}

async function round(
  kind: ServerKind,
  gen: Generator,
  plan: Plan,
  odd: Oddities,
  latencies: number[],
): Promise<FanoutRound> {
  latencies.length = 0;
  const server = await startServer(kind);
  try {
    const metricsBefore = kind === 'entente' ? await scrapeMetrics(server.port) : null;
    const serverMeter = new CpuMeter([server.pid]);
    const allMeter = new CpuMeter([server.pid, gen.pid, process.pid]);
    const result = await gen.call(
      'fanout',
      {
        port: server.port,
        secret: BENCH_SECRET,
        room: benchRoom('fanout'),
        clients: plan.fanout.clients,
        intervalMs: plan.fanout.intervalMs,
        durationMs: plan.fanout.durationMs,
      },
      plan.fanout.durationMs + 60_000,
    );
    const serverCores = serverMeter.stop().watchedCores;
    const { otherCores } = allMeter.stop();
    if (metricsBefore !== null)
      odd.notes.push(
        `fan-out, relay /metrics: ${describeMetrics(metricsBefore, await scrapeMetrics(server.port))}`,
      );
    odd.closes = mergeCloses(odd.closes, result.closes);
    if (result.disconnects > 0)
      odd.notes.push(`fan-out: stock clients lost their connection ${result.disconnects} times`);
    if (result.latenciesMs.length < result.expected)
      odd.notes.push(
        `fan-out: ${result.expected - result.latenciesMs.length} of ${result.expected} receipts missing`,
      );
    for (const latency of result.latenciesMs) latencies.push(latency);
    return {
      latency: summarize(result.latenciesMs),
      writes: result.writes,
      expected: result.expected,
      received: result.latenciesMs.length,
      serverCores,
      otherCores,
      quiet: otherCores <= plan.quietCores,
    };
  } finally {
    if (!server.alive()) odd.notes.push('fan-out: server died during the measurement');
    noteStop(server, await server.stop(), odd, 'fan-out');
    noteServerOutput(server, odd, 'fan-out');
    server.cleanup();
  }
}

/**
 * `plan.fanout.rounds` quiet rounds per server, alternating servers; a round during which other
 * work took more than `plan.quietCores` is repeated, up to `maxExtraRounds` times per server.
 */
export async function measureFanout(
  kinds: readonly ServerKind[],
  gen: Generator,
  plan: Plan,
  odd: Record<ServerKind, Oddities>,
  log: (line: string) => void,
): Promise<Record<ServerKind, FanoutReport>> {
  const rounds = new Map<ServerKind, FanoutRound[]>(kinds.map((k) => [k, []]));
  const quiet = new Map<ServerKind, number[]>(kinds.map((k) => [k, []]));
  const all = new Map<ServerKind, number[]>(kinds.map((k) => [k, []]));
  const extra = new Map<ServerKind, number>(kinds.map((k) => [k, 0]));
  const latencies: number[] = [];
  for (let i = 0; i < plan.fanout.rounds; i++) {
    for (const kind of kinds) {
      for (;;) {
        const r = await round(kind, gen, plan, odd[kind], latencies);
        rounds.get(kind)?.push(r);
        for (const l of latencies) all.get(kind)?.push(l);
        if (r.quiet) for (const l of latencies) quiet.get(kind)?.push(l);
        log(
          `${kind}: fan-out round ${i + 1}: p50 ${r.latency.p50.toFixed(2)} ms, ` +
            `p99 ${r.latency.p99.toFixed(2)} ms, ${r.received}/${r.expected} receipts, ` +
            `server ${r.serverCores.toFixed(2)} cores, other work ${r.otherCores.toFixed(2)} cores` +
            (r.quiet ? '' : ' (disturbed)'),
        );
        const used = extra.get(kind) ?? 0;
        if (r.quiet || used >= plan.fanout.maxExtraRounds) break;
        extra.set(kind, used + 1);
      }
    }
  }
  // Like with like: quiet rounds only when every server had one, otherwise every round of both.
  const useQuiet = kinds.every((kind) => (quiet.get(kind) ?? []).length > 0);
  const report = (kind: ServerKind): FanoutReport => {
    const own = rounds.get(kind) ?? [];
    return {
      latency: summarize((useQuiet ? quiet.get(kind) : all.get(kind)) ?? []),
      pooled: useQuiet ? 'quiet' : 'all',
      quietRounds: own.filter((r) => r.quiet).length,
      rounds: own,
      expected: own.reduce((sum, r) => sum + r.expected, 0),
      received: own.reduce((sum, r) => sum + r.received, 0),
    };
  };
  return { entente: report('entente'), reference: report('reference') };
}
