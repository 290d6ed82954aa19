/**
 * Turns the results into the `## Relay (bench:relay)` section of docs/benchmarks.md, replacing
 * only that section so other benchmarks' sections survive.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FanoutReport } from './fanout.js';
import type { ColdReport, MemoryReport, Oddities } from './measure.js';
import type { Plan } from './plan.js';
import type { MachineInfo } from './proc.js';
import type { FloodReport, RampStep } from './ramp.js';
import type { ServerKind } from './servers.js';
import type { Summary } from './stats.js';

/** Everything one server produced. */
export interface ServerResults {
  readonly memory: MemoryReport;
  readonly fanout: FanoutReport;
  readonly flood: FloodReport;
  readonly cold: ColdReport;
  readonly odd: Oddities;
}

/** The whole run. */
export interface RunResults {
  readonly date: string;
  readonly minutes: number;
  /** The relay revision measured. */
  readonly source: string;
  readonly machine: MachineInfo;
  readonly plan: Plan;
  readonly generators: number;
  readonly servers: Record<ServerKind, ServerResults>;
}

/** Heading of the section this benchmark owns. */
export const SECTION = '## Relay (bench:relay)';

/** The targets from the relay issue. */
export const TARGETS = {
  deliveriesPerSecond: 245_000,
  usPerDelivery: 3.5,
  kibPerConnection: 8,
  coldLoadMs: 50,
} as const;

const int = (n: number): string => Math.round(n).toLocaleString('en');
const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const mib = (kib: number): string => `${(kib / 1024).toFixed(1)} MiB`;
const cores = (n: number): string => n.toFixed(2);
const mark = (ok: boolean): string => (ok ? '✅ met' : '❌ not met');
const spread = (s: Summary | null): string =>
  s === null ? '—' : `${ms(s.min)} / ${ms(s.p50)} / ${ms(s.max)} ms`;
/** The median over memory rounds, with each round's value when there are several. */
const kib = (m: MemoryReport, pick: (r: MemoryReport['rounds'][number]) => number): string =>
  `${pick(m).toFixed(1)} KiB` +
  (m.rounds.length > 1 ? ` (rounds: ${m.rounds.map((r) => pick(r).toFixed(1)).join(', ')})` : '');
const offered = (s: RampStep): string =>
  s.offered === null ? 'unlimited' : `offered ${int(s.offered)}`;

/** Every step that delivered at least the target rate, with its CPU per delivery. */
function atTarget(f: FloodReport): string {
  const steps = f.steps.filter((s) => s.rate >= TARGETS.deliveriesPerSecond);
  if (steps.length === 0) return 'none';
  return steps
    .map((s) => `${int(s.rate)} /s at ${s.usPerDelivery.toFixed(2)} µs (${offered(s)})`)
    .join('; ');
}

function fanoutRows(r: RunResults): string[] {
  const ours = r.servers.entente.fanout;
  const ref = r.servers.reference.fanout;
  const p = r.plan.fanout;
  const perRound = (f: FanoutReport) =>
    f.rounds
      .map((x) => `${ms(x.latency.p99)} ms (${cores(x.otherCores)}${x.quiet ? '' : ', disturbed'})`)
      .join(', ');
  const pooled = (f: FanoutReport) =>
    f.pooled === 'quiet'
      ? `quiet rounds: ${f.quietRounds}`
      : `all ${f.rounds.length} rounds: a server had no quiet one`;
  return [
    `| Fan-out latency p50 (${p.clients} stock clients in 1 room, 1 write / ${p.intervalMs} ms, ${p.durationMs / 1000} s rounds) | — | ${ms(ours.latency.p50)} ms (${pooled(ours)}) | ${ms(ref.latency.p50)} ms (${pooled(ref)}) | |`,
    `| Fan-out latency p99 | ≤ reference | ${ms(ours.latency.p99)} ms | ${ms(ref.latency.p99)} ms | ${mark(ours.latency.p99 <= ref.latency.p99)} |`,
    `| Fan-out p99 of each round (cores other work took meanwhile) | — | ${perRound(ours)} | ${perRound(ref)} | |`,
    `| Fan-out receipts (received / expected) | all | ${int(ours.received)} / ${int(ours.expected)} | ${int(ref.received)} / ${int(ref.expected)} | ${mark(ours.received >= ours.expected)} |`,
  ];
}

function summaryTable(r: RunResults): string[] {
  const ours = r.servers.entente;
  const ref = r.servers.reference;
  const p = r.plan;
  const best = (f: FloodReport) => `${int(f.best.rate)} /s (${offered(f.best)})`;
  const cpuAtBest = (f: FloodReport) => `${f.best.usPerDelivery.toFixed(2)} µs`;
  const fast = ours.flood.steps.filter((s) => s.rate >= TARGETS.deliveriesPerSecond);
  const cheap = fast.filter((s) => s.usPerDelivery <= TARGETS.usPerDelivery);
  const both =
    cheap.length === 0
      ? mark(false)
      : cheap.length === fast.length
        ? mark(true)
        : `✅ met at ${cheap.length} of ${fast.length} such steps`;
  const coldOk = ours.cold.cold !== null && ours.cold.cold.max < TARGETS.coldLoadMs;
  const quietCold = ours.cold.loads.filter((l) => l.mode === 'cold' && l.quiet).length;
  const coldMark =
    mark(coldOk) +
    (coldOk && ours.cold.allColdMaxMs >= TARGETS.coldLoadMs
      ? ` when quiet; ${ms(ours.cold.allColdMaxMs)} ms with other work running`
      : '');
  const texts = (c: ColdReport) =>
    `${c.loads.filter((l) => l.textOk).length} / ${c.loads.length} loads`;
  const coldCount = ours.cold.loads.filter((l) => l.mode === 'cold').length;
  return [
    '| Measure | Target (ours) | Entente relay | Reference `@y/websocket-server` 0.1.1 | Ours vs target |',
    '| --- | --- | --- | --- | --- |',
    ...fanoutRows(r),
    `| Highest delivery rate held ${p.flood.stepMs / 1000} s (${p.flood.rooms} rooms × 1 writer + ${p.flood.receiversPerRoom} receivers) | ≥ ${int(TARGETS.deliveriesPerSecond)} /s | ${best(ours.flood)} | ${best(ref.flood)} | ${mark(ours.flood.best.rate >= TARGETS.deliveriesPerSecond)} |`,
    `| Server CPU per delivery at that rate | ≤ ${TARGETS.usPerDelivery} µs | ${cpuAtBest(ours.flood)} | ${cpuAtBest(ref.flood)} | ${mark(ours.flood.best.usPerDelivery <= TARGETS.usPerDelivery)} |`,
    `| Every step delivering ≥ ${int(TARGETS.deliveriesPerSecond)} /s, with its CPU per delivery | ≤ ${TARGETS.usPerDelivery} µs | ${atTarget(ours.flood)} | ${atTarget(ref.flood)} | ${both} |`,
    `| RSS idle | — | ${mib(ours.memory.idleKiB)} | ${mib(ref.memory.idleKiB)} | |`,
    `| RSS, ${int(p.memory.rooms)} rooms × 1 client (${int(p.memory.docChars)}-char doc each) | — | ${mib(ours.memory.roomsKiB)} | ${mib(ref.memory.roomsKiB)} | |`,
    `| RSS, ${int(2 * p.memory.rooms)} rooms × 1 client | — | ${mib(ours.memory.moreRoomsKiB)} | ${mib(ref.memory.moreRoomsKiB)} | |`,
    `| RSS, ${int(ours.memory.connections)} clients on the same rooms | — | ${mib(ours.memory.connectionsKiB)} | ${mib(ref.memory.connectionsKiB)} | |`,
    `| Per room of the first ${int(p.memory.rooms)} (with its first client; the heaps' one-off growth included) | — | ${kib(ours.memory, (m) => m.kibPerFirstRoom)} | ${kib(ref.memory, (m) => m.kibPerFirstRoom)} | |`,
    `| Per room of the next ${int(p.memory.rooms)}: what one more room costs | no more than the reference | ${kib(ours.memory, (m) => m.kibPerRoom)} | ${kib(ref.memory, (m) => m.kibPerRoom)} | ${mark(ours.memory.kibPerRoom <= ref.memory.kibPerRoom)} |`,
    `| Per extra connection | ≤ ${TARGETS.kibPerConnection} KiB | ${kib(ours.memory, (m) => m.kibPerExtraConnection)} | ${kib(ref.memory, (m) => m.kibPerExtraConnection)} | ${mark(ours.memory.kibPerExtraConnection <= TARGETS.kibPerConnection)} |`,
    `| Load of a ${int(ours.cold.updates)}-update room, min / median / max (\`new WebsocketProvider\` → \`synced\`) | < ${TARGETS.coldLoadMs} ms every time | cold, first client after a restart (${quietCold} quiet of ×${coldCount}): ${spread(ours.cold.cold)} | kept in memory, no restart — it keeps nothing across one (×${ref.cold.loads.length}): ${spread(ref.cold.inMemory)} | ${coldMark} |`,
    `| Same room while held in memory, min / median / max | — | ${spread(ours.cold.inMemory)} | ${spread(ref.cold.inMemory)} | |`,
    `| Text complete at \`synced\` | every load | ${texts(ours.cold)} | ${texts(ref.cold)} | ${mark(ours.cold.allTextOk)} |`,
  ];
}

function rampTable(kind: ServerKind, f: FloodReport): string[] {
  const rows = f.steps.map(
    (s) =>
      `| ${s.offered === null ? 'unlimited (window only)' : int(s.offered)} | ${int(s.rate)} | ${int(s.updatesPerSecond)} | ${s.usPerDelivery.toFixed(2)} | ${cores(s.serverCores)} | ${cores(s.generatorCores)} | ${cores(s.otherCores)} |`,
  );
  return [
    `Ramp, ${kind === 'entente' ? 'Entente relay' : 'reference server'} (${int(f.connections)} connections, window ${f.window} updates per writer; each step ${f.steps[0]?.seconds.toFixed(1) ?? '?'} s after a warm-up):`,
    '',
    '| Offered deliveries/s | Delivered/s | Updates/s | Server µs CPU / delivery | Server cores | Generator cores | Other work (cores) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

function coldLines(r: RunResults): string[] {
  const ours = r.servers.entente.cold;
  const ref = r.servers.reference.cold;
  const list = (c: ColdReport, mode: 'cold' | 'in-memory') =>
    c.loads
      .filter((l) => l.mode === mode)
      .map(
        (l) =>
          `${ms(l.syncMs)} (${ms(l.openMs)}, ${cores(l.otherCores)}${l.quiet ? '' : ', disturbed'})`,
      )
      .join('; ');
  const restarts = ours.stopMs.map((stop, i) => `${int(stop)} + ${int(ours.startMs[i] ?? 0)}`);
  return [
    `Each load, ms to \`synced\` (ms to \`connected\`, cores other work took meanwhile): ours cold ${list(ours, 'cold')}; ours in memory ${list(ours, 'in-memory')}; reference in memory ${list(ref, 'in-memory')}.` +
      ` Our relay's restarts (SIGTERM → exit + spawn → listening, ms): ${restarts.join('; ') || '—'}.` +
      ` Writing the ${int(ours.updates)}-update history took ${(ours.buildMs / 1000).toFixed(1)} s through our relay and ${(ref.buildMs / 1000).toFixed(1)} s through the reference.`,
    '',
  ];
}

function oddities(kind: ServerKind, odd: Oddities): string[] {
  const closes = Object.entries(odd.closes).map(([key, n]) => `close \`${key}\` ×${n}`);
  const all = [...closes, ...odd.notes];
  const name = kind === 'entente' ? 'Entente relay' : 'Reference server';
  if (all.length === 0) return [`- ${name}: no close frames, disconnects, errors or warnings.`];
  return all.map((line) => `- ${name}: ${line}`);
}

/** The Markdown section. */
export function renderSection(r: RunResults): string {
  const m = r.machine;
  return [
    SECTION,
    '',
    `Measured ${r.date} by \`${r.plan.quick ? 'BENCH_QUICK=1 ' : ''}npm run bench:relay\` (${r.minutes.toFixed(1)} min)` +
      ` on ${m.nproc} × ${m.cpuModel}, ${m.memGiB} GiB, Linux ${m.kernel}, Node ${m.node};` +
      ` relay built from ${r.source}.` +
      ' The machine is shared with other work; the tables say how many cores that work took while' +
      ' each figure was measured. Rates and latencies move with it; CPU time per delivery (from' +
      ` /proc) much less. Latency samples taken while other work took more than ${r.plan.quietCores}` +
      ' core are marked "disturbed" and repeated (a few times at most); summaries leave them out' +
      ' when possible — fan-out only when both servers had an undisturbed round — and every' +
      ' sample stays listed.',
    '',
    ...summaryTable(r),
    '',
    ...rampTable('entente', r.servers.entente.flood),
    ...rampTable('reference', r.servers.reference.flood),
    ...coldLines(r),
    'What was odd:',
    '',
    ...oddities('entente', r.servers.entente.odd),
    ...oddities('reference', r.servers.reference.odd),
    '',
    'How it is measured:',
    '',
    `- Each server runs alone in its own process on 127.0.0.1 (ours: \`node dist/sync-server/cli.js\`, SQLite with synchronous=FULL in a temporary directory, rate limits raised so the load is not refused; the reference: \`node node_modules/@y/websocket-server/src/server.js\`, no persistence). Every measurement starts a fresh server process, and runs against both servers back to back.`,
    `- Clients run in ${r.generators} load-generator processes of their own. Fan-out, memory and load use the stock \`WebsocketProvider\` of y-websocket 3.1.0 (\`ws\` as WebSocket, \`disableBc\`). Fan-out keeps all clients in one process, so the write timestamp the update carries (\`performance.now()\` in a Y.Map) and the receipt are read from one clock; receipts queue behind the other receivers' decoding in that process, which weighs the same on both servers. Fan-out rounds alternate between the servers.`,
    '- Throughput uses receive-only WebSocket clients that count sync-update messages without decoding them, and writers that send pre-made valid append updates of their own Y.Doc (byte-checked against Yjs at start-up), at most a window ahead of one receiver of their room; in paced steps the writers\' send times are spread evenly over each period (aligned writers would hand the server bursts, which batch better than real typing does). "Deliveries" are messages counted by all receivers (our relay\'s own `/metrics` count is given above as a cross-check); server CPU is utime + stime of the server process (all its threads) over the same interval. A step is "sustained" when it delivered ≥ 95 % of what was offered; one that fell short while other work took more than the quiet limit is repeated (twice at most, every attempt listed); the ramp stops at the first step that was not sustained, then runs without a rate limit.',
    '- Memory is the median VmRSS of a few samples after ~2 s of settling, the median over the rounds (alternating servers); no GC is forced, so RSS includes garbage not yet collected. "Per room" includes the room\'s first client: measured on a first batch of rooms (which also pays for the process\'s heaps growing to their working size, V8\'s young generation up to 32 MiB) and on a second batch as large (what one more room costs); "per extra connection" is the growth from 1 to 4 clients per room of the first batch, divided by the added clients.',
    "- Cold load: one raw writer gives one room its history; our relay is then stopped with SIGTERM and restarted on the same SQLite file before each load. The reference keeps nothing across a restart, so its row is the same room loaded while still in memory. Each load also checks that the text at `synced` equals the writer's.",
    '',
  ].join('\n');
}

/**
 * Writes the section into `path`, replacing an earlier version of it (found by its `heading`)
 * and nothing else; a new section goes at the end. Other benchmarks pass their own heading.
 */
export function writeSection(path: string, section: string, heading: string = SECTION): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = before.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) next = `${before.trimEnd()}\n\n${section}`;
  else {
    const rest = before.slice(start + heading.length);
    const end = rest.search(/\n## /);
    const tail = end < 0 ? '' : rest.slice(end + 1);
    next = `${before.slice(0, start)}${section}${tail === '' ? '' : `\n${tail}`}`;
  }
  writeFileSync(path, `${next.trimEnd()}\n`);
}
