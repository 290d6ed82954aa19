/**
 * Coordinator side of the throughput measurement: raises the offered delivery rate step by
 * step until the server no longer keeps up, then removes the limit (writers bounded only by
 * their window). Each step is measured over `stepMs` after a warm-up, from cumulative counters
 * of the generators and the server's CPU time in /proc.
 */
import type { Oddities } from './measure.js';
import { noteServerOutput, noteStop } from './measure.js';
import type { Plan } from './plan.js';
import type { Generator } from './pool.js';
import { busyShare, clockTicksPerSecond, cpuTicks, machineCpu, type MachineCpu } from './proc.js';
import { mergeCloses, type FloodSample } from './protocol.js';
import { describeMetrics, scrapeMetrics } from './relay-metrics.js';
import { BENCH_SECRET, startServer, type ServerKind } from './servers.js';
import { sleep } from './stats.js';
import { benchRoom } from './tokens.js';

/** One step of the ramp. */
export interface RampStep {
  /** Offered deliveries per second; null for the unlimited step. */
  readonly offered: number | null;
  /** Deliveries per second achieved over the step (receipts counted by every receiver). */
  readonly rate: number;
  readonly seconds: number;
  readonly delivered: number;
  /** Updates the writers sent per second. */
  readonly updatesPerSecond: number;
  /** Server CPU per delivery, µs. */
  readonly usPerDelivery: number;
  /** Server CPU time / wall time (1 = one core busy). */
  readonly serverCores: number;
  /** Generators' CPU time / wall time, all generator processes together. */
  readonly generatorCores: number;
  /** Share of the machine's CPUs busy with anything. */
  readonly machineBusy: number;
  /** CPU taken by processes outside the benchmark, cores. */
  readonly otherCores: number;
  /** Delivered at least `keptUpShare` of what was offered (always false for the unlimited step). */
  readonly keptUp: boolean;
}

/** Throughput measurement. */
export interface FloodReport {
  readonly rooms: number;
  readonly receiversPerRoom: number;
  readonly window: number;
  readonly connections: number;
  readonly steps: RampStep[];
  /** The step with the highest achieved rate. */
  readonly best: RampStep;
}

interface Snapshot {
  readonly at: number;
  readonly samples: FloodSample[];
  readonly serverTicks: number;
  readonly generatorTicks: number;
  readonly machine: MachineCpu;
}

/** Rooms × (1 writer + receivers), spread over the generators, ramped. */
export async function measureFlood(
  kind: ServerKind,
  gens: readonly Generator[],
  plan: Plan,
  odd: Oddities,
): Promise<FloodReport> {
  const { rooms, receiversPerRoom, window, ramp, keptUpShare, warmupMs, stepMs } = plan.flood;
  const tick = clockTicksPerSecond();
  const server = await startServer(kind);
  const names = Array.from({ length: rooms }, (_, i) => benchRoom(`flood-${i}`));
  const snapshot = async (): Promise<Snapshot> => {
    const samples = await Promise.all(gens.map((g) => g.call('flood-sample', null, 10_000)));
    return {
      at: performance.now(),
      samples,
      serverTicks: cpuTicks(server.pid),
      generatorTicks: gens.reduce((sum, g) => sum + cpuTicks(g.pid), 0),
      machine: machineCpu(),
    };
  };
  const total = (s: Snapshot, key: 'sent' | 'delivered'): number =>
    s.samples.reduce((sum, sample) => sum + sample[key], 0);
  const step = async (offered: number | null): Promise<RampStep> => {
    const perWriter = offered === null ? null : offered / (rooms * receiversPerRoom);
    await Promise.all(
      gens.map((g) => g.call('flood-rate', { updatesPerSecondPerWriter: perWriter }, 10_000)),
    );
    await sleep(warmupMs);
    const a = await snapshot();
    await sleep(stepMs);
    const b = await snapshot();
    if (!server.alive()) throw new Error(`${kind} server died during the throughput ramp`);
    const seconds = (b.at - a.at) / 1000;
    const delivered = total(b, 'delivered') - total(a, 'delivered');
    const rate = delivered / seconds;
    return {
      offered,
      rate,
      seconds,
      delivered,
      updatesPerSecond: (total(b, 'sent') - total(a, 'sent')) / seconds,
      usPerDelivery: delivered > 0 ? ((b.serverTicks - a.serverTicks) * 1e6) / tick / delivered : 0,
      serverCores: (b.serverTicks - a.serverTicks) / tick / seconds,
      generatorCores: (b.generatorTicks - a.generatorTicks) / tick / seconds,
      machineBusy: busyShare(a.machine, b.machine),
      otherCores: Math.max(
        0,
        (b.machine.busy - a.machine.busy) / tick / seconds -
          (b.serverTicks - a.serverTicks + b.generatorTicks - a.generatorTicks) / tick / seconds,
      ),
      keptUp: offered !== null && rate >= keptUpShare * offered,
    };
  };
  try {
    const share = (g: number) => names.filter((_, i) => i % gens.length === g);
    const setups = await Promise.all(
      gens.map((g, i) =>
        g.call(
          'flood-setup',
          {
            port: server.port,
            secret: BENCH_SECRET,
            rooms: share(i),
            receiversPerRoom,
            window,
            clientIdBase: 1000 + i * rooms,
          },
          120_000,
        ),
      ),
    );
    const metricsBefore = kind === 'entente' ? await scrapeMetrics(server.port) : null;
    const first = await snapshot();
    const steps: RampStep[] = [];
    for (const offered of ramp) {
      let result = await step(offered);
      // A step that fell short while other work took the CPUs says little about the server:
      // repeat it (a few times at most) before ending the ramp on it.
      for (let retry = 0; retry < plan.flood.maxRetries; retry++) {
        if (result.keptUp || result.otherCores <= plan.quietCores) break;
        steps.push(result);
        process.stdout.write(`  ${kind} ${describeStep(result)} (disturbed, repeating)\n`);
        result = await step(offered);
      }
      steps.push(result);
      process.stdout.write(`  ${kind} ${describeStep(result)}\n`);
      if (!result.keptUp) break;
    }
    const unlimited = await step(null);
    steps.push(unlimited);
    process.stdout.write(`  ${kind} ${describeStep(unlimited)}\n`);
    await Promise.all(
      gens.map((g) => g.call('flood-rate', { updatesPerSecondPerWriter: 0 }, 10_000)),
    );
    if (metricsBefore !== null) {
      // Let in-flight updates land (counts stop moving), then compare the relay's count with
      // the receivers'.
      let last = await snapshot();
      for (let i = 0; i < 40; i++) {
        await sleep(250);
        const next = await snapshot();
        const settled = total(next, 'delivered') === total(last, 'delivered');
        last = next;
        if (settled) break;
      }
      const counted = total(last, 'delivered') - total(first, 'delivered');
      const relay = describeMetrics(metricsBefore, await scrapeMetrics(server.port));
      odd.notes.push(
        `throughput, relay /metrics over the ramp: ${relay}; receivers counted ${counted}`,
      );
    }
    const best = steps.reduce((a, b) => (b.rate > a.rate ? b : a));
    return {
      rooms,
      receiversPerRoom,
      window,
      connections: setups.reduce((sum, s) => sum + s.connections, 0),
      steps,
      best,
    };
  } finally {
    const stopped = await Promise.allSettled(gens.map((g) => g.call('flood-stop', null, 30_000)));
    for (const s of stopped)
      if (s.status === 'fulfilled') odd.closes = mergeCloses(odd.closes, s.value.closes);
    if (!server.alive()) odd.notes.push('throughput: server died during the measurement');
    noteStop(server, await server.stop(), odd, 'throughput');
    noteServerOutput(server, odd, 'throughput');
    server.cleanup();
  }
}

/** One line for the console while the ramp runs. */
export function describeStep(s: RampStep): string {
  const offered = s.offered === null ? 'unlimited' : `${Math.round(s.offered / 1000)}k/s`;
  return (
    `offered ${offered}: ${Math.round(s.rate).toLocaleString('en')} deliveries/s, ` +
    `${s.usPerDelivery.toFixed(2)} µs CPU each, server ${s.serverCores.toFixed(2)} cores, ` +
    `generators ${s.generatorCores.toFixed(2)} cores, other load ${s.otherCores.toFixed(2)} cores`
  );
}
