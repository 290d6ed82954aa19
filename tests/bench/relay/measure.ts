/**
 * Coordinator side of the memory, fan-out and cold-load measurements. Each starts its own
 * server process, so no measurement inherits rooms, sockets or heap from another.
 */
import type { Plan } from './plan.js';
import type { Generator } from './pool.js';
import { CpuMeter, rssKiB } from './proc.js';
import { mergeCloses, type CloseCounts, type LoadRoomResult } from './protocol.js';
import {
  BENCH_SECRET,
  startServer,
  type BenchServer,
  type ExitInfo,
  type ServerKind,
} from './servers.js';
import { median, sleep, summarize, type Summary } from './stats.js';
import { benchRoom } from './tokens.js';

/** Anything odd a measurement saw: close codes, disconnects, server warnings, exits. */
export interface Oddities {
  closes: CloseCounts;
  notes: string[];
}

/**
 * Notes a stop that was not clean: ours must exit 0 on SIGTERM (the reference has no handler
 * and dies of the signal), and promptly; a slow stop carries the thread samples taken meanwhile.
 */
export function noteStop(server: BenchServer, exit: ExitInfo, odd: Oddities, what: string): void {
  const clean =
    server.kind === 'entente' ? exit.code === 0 : exit.code === 0 || exit.signal === 'SIGTERM';
  if (clean && exit.threadSamples.length === 0) return;
  odd.notes.push(
    `${what}: SIGTERM → exit took ${Math.round(exit.ms)} ms and ended with ` +
      `${exit.code === null ? `signal ${exit.signal}` : `code ${exit.code}`}` +
      exit.threadSamples.map((t) => `\n  - threads at ${t}`).join(''),
  );
}

/** Merges what a server printed (ours logs JSON warnings; the reference plain text). */
export function noteServerOutput(server: BenchServer, odd: Oddities, what: string): void {
  const counts = new Map<string, number>();
  for (const line of server.output().split('\n')) {
    const text = line.trim();
    if (text === '' || text.startsWith('running at')) continue;
    let key = text.slice(0, 200);
    try {
      const entry = JSON.parse(text) as Record<string, unknown>;
      key = [entry['level'], entry['msg'], entry['code'], entry['reason']]
        .filter((v) => v !== undefined)
        .join(' ');
    } catch {
      // not JSON: keep the line itself
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of counts) odd.notes.push(`${what}: server printed "${key}" ×${n}`);
}

async function sampleRss(pid: number, plan: Plan): Promise<number> {
  await sleep(plan.memory.settleMs);
  const samples: number[] = [];
  for (let i = 0; i < plan.memory.samples; i++) {
    samples.push(rssKiB(pid));
    await sleep(plan.memory.sampleEveryMs);
  }
  return median(samples);
}

/** RSS at each stage of the memory measurement, KiB. */
export interface MemoryResult {
  readonly idleKiB: number;
  readonly roomsKiB: number;
  /** With as many rooms again (a second batch of `rooms`). */
  readonly moreRoomsKiB: number;
  /** The first batch's growth per room, one-off growth of the process's heaps included. */
  readonly kibPerFirstRoom: number;
  readonly connectionsKiB: number;
  readonly rooms: number;
  readonly connections: number;
  /** The second batch's growth per room: what one more room costs. */
  readonly kibPerRoom: number;
  readonly kibPerExtraConnection: number;
}

/** The memory rounds of one server and their medians. */
export interface MemoryReport extends MemoryResult {
  readonly rounds: MemoryResult[];
}

/** Medians over rounds (RSS moves with when V8 last collected, so one round can be off). */
export function combineMemory(rounds: MemoryResult[]): MemoryReport {
  const first = rounds[0];
  if (first === undefined) throw new Error('no memory rounds');
  const mid = (pick: (m: MemoryResult) => number) => median(rounds.map(pick));
  return {
    rounds,
    rooms: first.rooms,
    connections: first.connections,
    idleKiB: mid((m) => m.idleKiB),
    roomsKiB: mid((m) => m.roomsKiB),
    moreRoomsKiB: mid((m) => m.moreRoomsKiB),
    kibPerFirstRoom: mid((m) => m.kibPerFirstRoom),
    connectionsKiB: mid((m) => m.connectionsKiB),
    kibPerRoom: mid((m) => m.kibPerRoom),
    kibPerExtraConnection: mid((m) => m.kibPerExtraConnection),
  };
}

/** Idle, then `rooms` rooms with a small doc and one client each, then `connections` clients. */
export async function measureMemory(
  kind: ServerKind,
  gen: Generator,
  plan: Plan,
  odd: Oddities,
): Promise<MemoryResult> {
  const { rooms, connections, docChars } = plan.memory;
  const server = await startServer(kind);
  try {
    const idleKiB = await sampleRss(server.pid, plan);
    const names = Array.from({ length: rooms }, (_, i) => benchRoom(`mem-${i}`));
    const common = { port: server.port, secret: BENCH_SECRET, rooms: names, batch: 100 };
    await gen.call('memory-open', { ...common, perRoom: 1, docChars }, 180_000);
    const roomsKiB = await sampleRss(server.pid, plan);
    // As many rooms again: the first batch also pays for the process's heaps growing to their
    // working size (V8's young generation alone takes up to 32 MiB of pages once touched), a
    // one-off cost divided by the number of rooms; the second batch's growth is a room's own.
    const more = Array.from({ length: rooms }, (_, i) => benchRoom(`mem-more-${i}`));
    await gen.call('memory-open', { ...common, rooms: more, perRoom: 1, docChars }, 180_000);
    const moreRoomsKiB = await sampleRss(server.pid, plan);
    const perRoom = Math.round((connections - rooms) / rooms);
    await gen.call('memory-open', { ...common, perRoom, docChars: 0 }, 300_000);
    const connectionsKiB = await sampleRss(server.pid, plan);
    const closed = await gen.call('memory-close', null, 60_000);
    odd.closes = mergeCloses(odd.closes, closed.closes);
    if (closed.disconnects > 0)
      odd.notes.push(`memory: stock clients lost their connection ${closed.disconnects} times`);
    const extra = rooms * perRoom;
    return {
      idleKiB,
      roomsKiB,
      moreRoomsKiB,
      connectionsKiB,
      rooms,
      connections: 2 * rooms + extra,
      kibPerFirstRoom: (roomsKiB - idleKiB) / rooms,
      kibPerRoom: (moreRoomsKiB - roomsKiB) / rooms,
      kibPerExtraConnection: (connectionsKiB - moreRoomsKiB) / extra,
    };
  } finally {
    if (!server.alive()) odd.notes.push('memory: server died during the measurement');
    noteStop(server, await server.stop(), odd, 'memory');
    noteServerOutput(server, odd, 'memory');
    server.cleanup();
  }
}

/** One load of the long-history room. */
export interface LoadSample extends LoadRoomResult {
  /** `cold`: first client after a restart; `in-memory`: room held by the running server. */
  readonly mode: 'cold' | 'in-memory';
  /** CPU taken by processes outside the benchmark during the load, cores. */
  readonly otherCores: number;
  /** Other work stayed within `plan.quietCores`. */
  readonly quiet: boolean;
}

/** Cold-load measurement. */
export interface ColdReport {
  readonly updates: number;
  readonly buildMs: number;
  readonly loads: LoadSample[];
  /** Over the quiet cold loads (all cold loads when none was quiet); null for the reference. */
  readonly cold: Summary | null;
  readonly inMemory: Summary;
  /** Slowest cold load, quiet or not. */
  readonly allColdMaxMs: number;
  /** Every load's text equalled the writer's at `synced`. */
  readonly allTextOk: boolean;
  /** Restart costs (ours): SIGTERM → exit, spawn → listening, ms. */
  readonly stopMs: number[];
  readonly startMs: number[];
}

/**
 * Gives a room a history of `updates` updates, loads it with fresh clients while the server
 * holds it, then (ours only: the reference keeps nothing across restarts) restarts the server
 * before each further load.
 */
export async function measureColdLoad(
  kind: ServerKind,
  gen: Generator,
  plan: Plan,
  odd: Oddities,
): Promise<ColdReport> {
  const { updates, window, restarts, inMemoryLoads } = plan.cold;
  const room = benchRoom('history');
  let server = await startServer(kind);
  const dataDir = server.dataDir ?? undefined;
  const loads: LoadSample[] = [];
  const stopMs: number[] = [];
  const startMs: number[] = [];
  const load = async (mode: LoadSample['mode']): Promise<boolean> => {
    const args = { port: server.port, secret: BENCH_SECRET, room, expectedUpdates: updates };
    // /proc counts CPU in 10 ms ticks: measure other work over a window much longer than the
    // load (a few ms), which a short pause before it provides.
    const meter = new CpuMeter([server.pid, gen.pid, process.pid]);
    await sleep(300);
    const result = await gen.call('load-room', args, 90_000);
    const { otherCores } = meter.stop();
    odd.closes = mergeCloses(odd.closes, result.closes);
    const quiet = otherCores <= plan.quietCores;
    loads.push({ ...result, mode, otherCores, quiet });
    return quiet;
  };
  // Loads disturbed by other work are repeated, up to `maxExtraLoads` times per kind of load.
  const repeatUntilQuiet = async (count: number, once: () => Promise<boolean>) => {
    let quiet = 0;
    for (let i = 0; quiet < count && i < count + plan.cold.maxExtraLoads; i++)
      if (await once()) quiet += 1;
  };
  // Summaries use the quiet loads when there are any.
  const summary = (mode: LoadSample['mode']): Summary | null => {
    const own = loads.filter((l) => l.mode === mode);
    const calm = own.filter((l) => l.quiet);
    const chosen = calm.length > 0 ? calm : own;
    return chosen.length > 0 ? summarize(chosen.map((l) => l.syncMs)) : null;
  };
  try {
    const built = await gen.call(
      'build-room',
      { port: server.port, secret: BENCH_SECRET, room, updates, window, clientId: 0x5eed },
      200_000,
    );
    odd.closes = mergeCloses(odd.closes, built.closes);
    // Our relay unloads a room 30 s after its last client left: these loads come well before.
    await repeatUntilQuiet(inMemoryLoads, () => load('in-memory'));
    if (kind === 'entente')
      await repeatUntilQuiet(restarts, async () => {
        const exit = await server.stop();
        stopMs.push(exit.ms);
        noteStop(server, exit, odd, `cold load (restart ${stopMs.length})`);
        noteServerOutput(server, odd, `cold load (run ${stopMs.length})`);
        server = await startServer(kind, { port: server.port, dataDir });
        startMs.push(server.startMs);
        return load('cold');
      });
    const bad = loads.filter((l) => !l.textOk);
    if (bad.length > 0)
      odd.notes.push(
        `cold load: ${bad.length} loads synced with a wrong text ` +
          `(lengths ${bad.map((l) => l.textLength).join(', ')}, expected ${updates})`,
      );
    return {
      updates,
      buildMs: built.ms,
      loads,
      cold: summary('cold'),
      inMemory: summary('in-memory') ?? summarize([]),
      allColdMaxMs: Math.max(...loads.filter((l) => l.mode === 'cold').map((l) => l.syncMs), 0),
      allTextOk: bad.length === 0,
      stopMs,
      startMs,
    };
  } finally {
    if (!server.alive()) odd.notes.push('cold load: server died during the measurement');
    noteStop(server, await server.stop(), odd, 'cold load (last)');
    noteServerOutput(server, odd, 'cold load');
    server.cleanup();
  }
}
