/**
 * `npm run bench:relay`: our relay against the reference y-websocket server, same stock
 * clients, same machine — fan-out latency, highest delivery rate and its CPU cost, memory per
 * room and per connection, and the load time of a room with a long history.
 * `BENCH_QUICK=1` runs a shrunk version that checks the script and writes to `.bench/` only.
 *
 * The coordinator (this process) starts servers and generator processes, reads /proc, and
 * writes the report; it carries no load itself. Each measurement runs against both servers
 * back to back, so that the two see the machine in about the same state.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureFanout } from './fanout.js';
import { startIdleCheck } from './idle.js';
import {
  combineMemory,
  measureColdLoad,
  measureMemory,
  type ColdReport,
  type MemoryResult,
  type Oddities,
} from './measure.js';
import { planFromEnv } from './plan.js';
import { forkGenerator } from './pool.js';
import { machineInfo } from './proc.js';
import { describeStep, measureFlood, type FloodReport } from './ramp.js';
import { renderSection, writeSection, type RunResults } from './report.js';
import { REPO_ROOT, type ServerKind } from './servers.js';

const GENERATORS = 2;
const KINDS: readonly ServerKind[] = ['entente', 'reference'];

function log(line: string): void {
  process.stdout.write(`[bench:relay ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function describeCold(c: ColdReport): string {
  const fmt = (s: ColdReport['inMemory'] | null) =>
    s === null ? '—' : `${s.min.toFixed(1)}/${s.p50.toFixed(1)}/${s.max.toFixed(1)} ms`;
  return `cold ${fmt(c.cold)}, in memory ${fmt(c.inMemory)}, text ok ${c.allTextOk}`;
}

function describeMemory(m: MemoryResult): string {
  return (
    `idle ${m.idleKiB} KiB, rooms ${m.roomsKiB} KiB, clients ${m.connectionsKiB} KiB → ` +
    `${m.kibPerRoom.toFixed(1)} KiB/room, ${m.kibPerExtraConnection.toFixed(1)} KiB/extra connection`
  );
}

/** Which relay source was measured: `tsc -b` builds dist/ from the working tree. */
function describeSource(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'sync-server', 'shared').split('\n');
    const dirty = changed.filter((line) => line.trim() !== '').length;
    return (
      `commit ${git('rev-parse', '--short', 'HEAD')}` +
      (dirty > 0 ? ` with ${dirty} uncommitted files in sync-server/ and shared/` : '')
    );
  } catch {
    return 'unknown source revision';
  }
}

/** Runs `measure` for each server in turn. */
async function both<T>(measure: (kind: ServerKind) => Promise<T>): Promise<Record<ServerKind, T>> {
  return { entente: await measure('entente'), reference: await measure('reference') };
}

async function main(): Promise<void> {
  const plan = planFromEnv(process.env);
  const started = Date.now();
  const gens = Array.from({ length: GENERATORS }, () => forkGenerator());
  const [gen] = gens;
  if (gen === undefined) throw new Error('no generator');
  // Every run stops by itself: whatever hangs, the whole run ends at the deadline.
  const deadline = setTimeout(() => {
    process.stderr.write(`bench:relay: deadline of ${plan.deadlineMs / 60_000} min passed\n`);
    for (const g of gens) g.kill();
    process.exit(1);
  }, plan.deadlineMs);
  deadline.unref();
  // Exiting (not dying of the signal) runs the exit hooks that stop servers and generators.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      process.stderr.write(`bench:relay: ${signal}, stopping\n`);
      for (const g of gens) g.kill();
      process.exit(1);
    });
  try {
    log(
      `${plan.quick ? 'QUICK run (numbers not meaningful)' : 'full run'}; ${GENERATORS} generators`,
    );
    const odd: Record<ServerKind, Oddities> = {
      entente: { closes: {}, notes: [] },
      reference: { closes: {}, notes: [] },
    };
    // Runs in the background, on the second generator, while memory is measured.
    const idle = await startIdleCheck(KINDS, gens[gens.length - 1] ?? gen);
    const memoryRounds: Record<ServerKind, MemoryResult[]> = { entente: [], reference: [] };
    for (let i = 0; i < plan.memory.rounds; i++) {
      for (const kind of KINDS) {
        log(`${kind}: memory (${plan.memory.rooms} rooms, ${plan.memory.connections} clients)`);
        const result = await measureMemory(kind, gen, plan, odd[kind]);
        memoryRounds[kind].push(result);
        log(`${kind}: ${describeMemory(result)}`);
      }
    }
    const memory = {
      entente: combineMemory(memoryRounds.entente),
      reference: combineMemory(memoryRounds.reference),
    };
    const idleResults = await idle.finish(odd);
    log(
      `idle lone client, disconnects: ours ${idleResults.entente.disconnects} in ` +
        `${Math.round(idleResults.entente.seconds)} s, reference ${idleResults.reference.disconnects}`,
    );
    const fanout = await measureFanout(KINDS, gen, plan, odd, log);
    const flood = await both(async (kind): Promise<FloodReport> => {
      log(`${kind}: throughput ramp (${plan.flood.rooms} rooms × ${plan.flood.receiversPerRoom})`);
      const result = await measureFlood(kind, gens, plan, odd[kind]);
      log(`${kind}: best ${describeStep(result.best)}`);
      return result;
    });
    const cold = await both(async (kind) => {
      log(`${kind}: load of a ${plan.cold.updates}-update room`);
      const result = await measureColdLoad(kind, gen, plan, odd[kind]);
      log(`${kind}: ${describeCold(result)}`);
      return result;
    });
    const server = (kind: ServerKind) => ({
      memory: memory[kind],
      fanout: fanout[kind],
      flood: flood[kind],
      cold: cold[kind],
      odd: odd[kind],
    });
    const results: RunResults = {
      date: new Date().toISOString().slice(0, 10),
      minutes: (Date.now() - started) / 60_000,
      source: describeSource(),
      machine: machineInfo(),
      plan,
      generators: GENERATORS,
      servers: { entente: server('entente'), reference: server('reference') },
    };
    const section = renderSection(results);
    const outDir = join(REPO_ROOT, '.bench');
    mkdirSync(outDir, { recursive: true });
    const name = plan.quick ? 'relay-quick' : 'relay';
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(results, null, 2));
    if (plan.quick) {
      // A quick run checks the script; it must not replace the measured numbers in docs/.
      writeFileSync(join(outDir, `${name}.md`), section);
      log(`quick run: wrote .bench/${name}.md and .bench/${name}.json (docs/ untouched)`);
    } else {
      writeSection(join(REPO_ROOT, 'docs/benchmarks.md'), section);
      log(`wrote docs/benchmarks.md and .bench/${name}.json`);
    }
    process.stdout.write(`\n${section}\n`);
  } finally {
    for (const g of gens) g.kill();
    clearTimeout(deadline);
  }
}

main().catch((error: unknown) => {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`bench:relay failed: ${text}\n`);
  process.exit(1);
});
