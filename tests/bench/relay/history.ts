/**
 * Relays on real editing histories, measured the same way for ours, `@y/websocket-server`
 * (LevelDB) and Hocuspocus (SQLite), one after the other in the same run:
 *
 * 1. **Ingest**: a writer sends the history one update per edit through its stock provider,
 *    as fast as its socket takes them; readers connected beforehand (seven for the typing
 *    history, one otherwise) must end with the text. The bytes the server keeps on disk are
 *    sampled meanwhile (peak) and read right after; the server process's CPU time until the
 *    last reader holds the text, divided by the updates, is its CPU per edit at saturation.
 * 2. **Cold load after a restart**: the server is stopped (SIGTERM) and started again on the
 *    same data; a fresh client connects, timed from its creation to holding the full text.
 * 3. **Later cold loads**: the same server process, once the room was unloaded (every client
 *    gone, the server's unload delay passed); again a fresh client to the full text.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import type { History } from './histories.js';
import { openHistoryClient, type HistoryServerKind } from './history-clients.js';
import {
  BENCH_DATABASE_URL,
  HISTORY_IDLE_UNLOAD_MS,
  postgresSchemaOf,
  startHistoryServer,
  type HistoryServer,
} from './history-servers.js';
import { CpuMeter } from './proc.js';
import { BENCH_SECRET } from './servers.js';
import { sleep } from './stats.js';
import { benchRoom, benchToken } from './tokens.js';

/** How much of the history scenario a run does. */
export interface HistoryPlan {
  /** Restarts, each followed by one timed cold load. */
  readonly restarts: number;
  /** Timed loads after the room was unloaded, in the last server process. */
  readonly laterLoads: number;
  /** Longest wait for a client to hold the text. */
  readonly loadTimeoutMs: number;
  /** Longest ingest. */
  readonly ingestTimeoutMs: number;
}

/** One server on one history. */
export interface HistoryResult {
  readonly kind: HistoryServerKind;
  readonly history: string;
  readonly updates: number;
  /** Writer's first update to the reader holding the final text. */
  readonly ingestMs: number;
  /** Largest size of the server's data directory during the ingest. */
  readonly diskPeakBytes: number;
  /** Its size right after the reader held the text. */
  readonly diskAfterIngestBytes: number;
  /** Its size once the server stopped (after the first restart's stop). */
  readonly diskAfterStopBytes: number;
  /** Creation of a fresh client to the full text, after each restart. */
  readonly coldMs: readonly number[];
  /** The same in the same process once the room was unloaded. */
  readonly laterMs: readonly number[];
  /** Of each cold load after a restart, the client's own time applying what it received. */
  readonly coldClientMs: readonly number[];
  /** Readers of the room during the ingest. */
  readonly receivers: number;
  /** The server process's CPU time during the ingest, per update, µs. */
  readonly cpuPerEditUs: number;
  /** What went wrong, if anything (the row is then not comparable). */
  readonly notes: readonly string[];
}

/** Bytes of every file under `dir` (what the server keeps on disk). */
export function directoryBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    try {
      total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
    } catch {
      // A file removed while we looked (a WAL truncated, a LevelDB table merged).
    }
  }
  return total;
}

/** What a server keeps: its files, or for PostgreSQL its tables (`pg_total_relation_size`). */
interface DiskProbe {
  bytes(): Promise<number>;
  /** Removes what the server stored outside its data directory. */
  close(): Promise<void>;
}

async function diskProbe(kind: HistoryServerKind, dataDir: string): Promise<DiskProbe> {
  if (kind !== 'entente-postgres')
    return { bytes: async () => directoryBytes(dataDir), close: async () => undefined };
  const schema = postgresSchemaOf(dataDir);
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  return {
    async bytes() {
      // Tables with their TOAST tables and indexes: what the store takes on PostgreSQL's disk.
      const { rows } = await client.query<{ bytes: string | null }>(
        `SELECT sum(pg_total_relation_size(c.oid)) AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'r'`,
        [schema],
      );
      return Number(rows[0]?.bytes ?? 0);
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Resolves true once the size of `dir` stayed the same for 2 s (false after `timeoutMs`). */
async function settled(dir: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let last = -1;
  let stableSince = performance.now();
  while (performance.now() < deadline) {
    const bytes = directoryBytes(dir);
    if (bytes !== last) {
      last = bytes;
      stableSince = performance.now();
    } else if (performance.now() - stableSince >= 2000) return true;
    await sleep(250);
  }
  return false;
}

/**
 * Receivers during the ingest: seven for the typing history, whose row is the relay issue's CPU
 * target (the writer's edits relayed to seven readers); one for the long traces, which with
 * seven stock providers in this process would take Hocuspocus many minutes.
 */
function receiversOf(history: History): number {
  return history.name === 'typing' ? 7 : 1;
}

/** Milliseconds from a fresh client's creation to its doc holding `text`, and its own share. */
async function timedLoad(
  server: HistoryServer,
  room: string,
  text: string,
  timeoutMs: number,
): Promise<{ readonly ms: number; readonly clientMs: number }> {
  const started = performance.now();
  const client = openHistoryClient(
    server.kind,
    server.port,
    room,
    benchToken(BENCH_SECRET, `load-${Math.round(started)}`),
  );
  try {
    await client.holds(text, timeoutMs);
    return { ms: performance.now() - started, clientMs: client.applyMs() };
  } finally {
    client.destroy();
  }
}

/** Measures `kind` on `history`; see the module comment. */
export async function measureHistory(
  kind: HistoryServerKind,
  history: History,
  plan: HistoryPlan,
  log: (line: string) => void,
): Promise<HistoryResult> {
  const room = benchRoom(`history-${history.name}`);
  const notes: string[] = [];
  let server = await startHistoryServer(kind);
  const dataDir = server.dataDir!;
  const disk = await diskProbe(kind, dataDir);
  const coldMs: number[] = [];
  const laterMs: number[] = [];
  const coldClientMs: number[] = [];
  let diskPeakBytes = 0;
  let diskAfterIngestBytes = 0;
  let diskAfterStopBytes = 0;
  let ingestMs = Number.NaN;
  let cpuPerEditUs = Number.NaN;
  const receivers = receiversOf(history);
  try {
    const reader = openHistoryClient(kind, server.port, room, benchToken(BENCH_SECRET, 'reader'));
    const others = Array.from({ length: receivers - 1 }, (_, i) =>
      openHistoryClient(kind, server.port, room, benchToken(BENCH_SECRET, `reader-${i + 2}`)),
    );
    const writerDoc = new Y.Doc();
    const writer = openHistoryClient(
      kind,
      server.port,
      room,
      benchToken(BENCH_SECRET, 'writer'),
      writerDoc,
    );
    await Promise.all([reader, writer, ...others].map((c) => c.synced(10_000)));
    // Let both finish their handshake before the first edit. `@y/websocket-server` listens to
    // a document's updates for LevelDB only once its stored state is read: what arrives before
    // is never stored, so it is given time.
    await sleep(kind === 'y-websocket-server' ? 2000 : 200);
    let sampling = false;
    const sampler = setInterval(() => {
      if (sampling) return;
      sampling = true;
      void disk.bytes().then(
        (bytes) => {
          diskPeakBytes = Math.max(diskPeakBytes, bytes);
          sampling = false;
        },
        () => (sampling = false),
      );
    }, 100);
    const started = performance.now();
    const cpu = new CpuMeter([server.pid]);
    try {
      for (let i = 0; i < history.updates.length; i++) {
        // Each apply is one transaction: the provider sends it as one message.
        Y.applyUpdate(writerDoc, history.updates[i]!);
        // Let the socket write now and then, as a typist's pauses would.
        if (i % 500 === 499) await sleep(0);
      }
      await reader.holds(history.endContent, plan.ingestTimeoutMs);
      ingestMs = performance.now() - started;
      for (const other of others) await other.holds(history.endContent, plan.ingestTimeoutMs);
      const share = cpu.stop();
      cpuPerEditUs = (share.watchedCores * share.seconds * 1e6) / history.updates.length;
    } finally {
      clearInterval(sampler);
    }
    diskAfterIngestBytes = await disk.bytes();
    diskPeakBytes = Math.max(diskPeakBytes, diskAfterIngestBytes);
    log(
      `${kind} ${history.name}: ingest ${Math.round(ingestMs)} ms, disk peak ` +
        `${(diskPeakBytes / 1e6).toFixed(2)} MB, right after ${(diskAfterIngestBytes / 1e6).toFixed(2)} MB, ` +
        `server CPU ${cpuPerEditUs.toFixed(1)} µs per update (${receivers} receivers)`,
    );
    writer.destroy();
    reader.destroy();
    for (const other of others) other.destroy();

    for (let i = 0; i < plan.restarts; i++) {
      // Ours stored everything before relaying it; the others write later (Hocuspocus after
      // its debounce, @y/websocket-server's LevelDB appends queue up behind the ingest), and a
      // SIGTERM loses what they have not written: they are given until their files settle.
      if (kind === 'entente' || kind === 'entente-postgres') await sleep(500);
      else if (!(await settled(dataDir, 180_000)))
        notes.push('its files were still changing 180 s after the ingest');
      const exit = await server.stop();
      if (exit.code !== 0 && exit.signal !== 'SIGTERM')
        notes.push(`stop ${i + 1}: exit code ${exit.code}, signal ${exit.signal}`);
      if (i === 0) diskAfterStopBytes = await disk.bytes();
      server = await startHistoryServer(kind, { port: server.port, dataDir });
      const { ms, clientMs } = await timedLoad(
        server,
        room,
        history.endContent,
        plan.loadTimeoutMs,
      );
      coldMs.push(ms);
      coldClientMs.push(clientMs);
      log(
        `${kind} ${history.name}: cold load after restart ${i + 1}: ${Math.round(ms)} ms ` +
          `(the client applying: ${Math.round(clientMs)} ms)`,
      );
    }
    for (let i = 0; i < plan.laterLoads; i++) {
      await sleep(HISTORY_IDLE_UNLOAD_MS + 1500);
      const { ms } = await timedLoad(server, room, history.endContent, plan.loadTimeoutMs);
      laterMs.push(ms);
      log(`${kind} ${history.name}: later cold load ${i + 1}: ${Math.round(ms)} ms`);
    }
  } catch (error) {
    notes.push(error instanceof Error ? error.message : String(error));
    log(
      `${kind} ${history.name}: FAILED ${notes.at(-1)}; server output: ${server.output().slice(-2000)}`,
    );
  } finally {
    await server.stop();
    server.cleanup();
    await disk.close();
  }
  return {
    kind,
    history: history.name,
    updates: history.updates.length,
    ingestMs,
    diskPeakBytes,
    diskAfterIngestBytes,
    diskAfterStopBytes,
    coldMs,
    laterMs,
    coldClientMs,
    receivers,
    cpuPerEditUs,
    notes,
  };
}
