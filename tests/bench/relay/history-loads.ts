/**
 * A busy small room while large rooms cold-load at once (ours only: the target is our relay's
 * own): a writer types into a small room, one update every 20 ms, read by 10 receivers; after a
 * quiet window, 20 clients each open a different large room (the typing history's state, never
 * loaded since the relay restarted) at the same moment. The small room's fan-out latency — the
 * writer's send to each receiver's arrival, all on this process's clock — is compared between
 * the quiet window and the window of the loads. Raw `ws` sockets throughout: the bench process
 * parses nothing large, so its own event loop stays out of the measure.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncUpdate } from '../../../shared/protocol/messages.js';
import { startHistoryServer } from './history-servers.js';
import { BENCH_SECRET } from './servers.js';
import { percentileSorted, sleep, until } from './stats.js';
import { benchRoom, benchToken, roomPath } from './tokens.js';

/** What the scenario reports. */
export interface LoadsResult {
  readonly largeRooms: number;
  readonly largeStateBytes: number;
  readonly receivers: number;
  /** Fan-out p99 / max in the quiet window and in the window of the loads, ms. */
  readonly quiet: { readonly p99: number; readonly max: number; readonly samples: number };
  readonly loading: { readonly p99: number; readonly max: number; readonly samples: number };
  /** From the 20 connections' creation to the last one holding its room's state, ms. */
  readonly allLoadedMs: number;
  readonly notes: readonly string[];
}

const WRITE_EVERY_MS = 20;
const RECEIVERS = 10;
const WINDOW_MS = 3000;

function open(port: number, room: string, sub: string): Promise<WebSocket> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${port}${roomPath(room, benchToken(BENCH_SECRET, sub))}`,
  );
  ws.binaryType = 'nodebuffer';
  return new Promise((ok, fail) => {
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });
}

/** True for a `sync update` frame (the relay's live updates). */
const isUpdate = (frame: Buffer): boolean => frame[0] === 0 && frame[1] === 2;
/** True for a `sync step 2` frame. */
const isStep2 = (frame: Buffer): boolean => frame[0] === 0 && frame[1] === 1;

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p99: percentileSorted(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    samples: sorted.length,
  };
}

/** Runs the scenario with `largeState` as the state of each large room. */
export async function measureLoadsBesideBusyRoom(
  largeState: Uint8Array,
  largeRooms: number,
  log: (line: string) => void,
): Promise<LoadsResult> {
  const notes: string[] = [];
  let server = await startHistoryServer('entente');
  try {
    // The large rooms, stored: one update each, then a restart (which compacts them).
    const seeders = await Promise.all(
      Array.from({ length: largeRooms }, (_, i) =>
        open(server.port, benchRoom(`large-${i}`), `s${i}`),
      ),
    );
    for (const ws of seeders) ws.send(encodeSyncUpdate(largeState));
    await sleep(1500);
    for (const ws of seeders) ws.close();
    await server.stop();
    server = await startHistoryServer('entente', { port: server.port, dataDir: server.dataDir! });

    // The busy small room.
    const small = benchRoom('busy');
    const writer = await open(server.port, small, 'writer');
    const receivers = await Promise.all(
      Array.from({ length: RECEIVERS }, (_, i) => open(server.port, small, `r${i}`)),
    );
    const sentAt: number[] = [];
    const samples: Array<{ readonly at: number; readonly ms: number }> = [];
    receivers.forEach((ws) => {
      let seen = 0;
      ws.on('message', (frame: Buffer) => {
        if (!isUpdate(frame)) return;
        const at = performance.now();
        const sent = sentAt[seen++];
        if (sent !== undefined) samples.push({ at, ms: at - sent });
      });
    });
    const doc = new Y.Doc();
    let typed = 0;
    const typing = setInterval(() => {
      const updates: Uint8Array[] = [];
      doc.once('update', (u: Uint8Array) => updates.push(u));
      doc.getText('content').insert(typed++ % 50, 'x');
      sentAt.push(performance.now());
      writer.send(encodeSyncUpdate(updates[0]!));
    }, WRITE_EVERY_MS);
    await sleep(1000); // warm-up
    const quietFrom = performance.now();
    await sleep(WINDOW_MS);
    const loadsFrom = performance.now();
    let loaded = 0;
    const loaders = await Promise.all(
      Array.from({ length: largeRooms }, async (_, i) => {
        const ws = await open(server.port, benchRoom(`large-${i}`), `l${i}`);
        ws.on('message', (frame: Buffer) => {
          if (isStep2(frame) && frame.length > largeState.length / 2) loaded += 1;
        });
        ws.send(encodeSyncStep1(Uint8Array.of(0)));
        return ws;
      }),
    );
    await until(() => loaded >= largeRooms, 60_000, 'every large room loaded');
    const allLoadedMs = performance.now() - loadsFrom;
    await sleep(Math.max(0, WINDOW_MS - allLoadedMs));
    clearInterval(typing);
    const loadsTo = performance.now();
    await sleep(200);
    for (const ws of [writer, ...receivers, ...loaders]) ws.close();
    const inWindow = (from: number, to: number) =>
      samples.filter((s) => s.at >= from && s.at < to).map((s) => s.ms);
    const result: LoadsResult = {
      largeRooms,
      largeStateBytes: largeState.length,
      receivers: RECEIVERS,
      quiet: summary(inWindow(quietFrom, quietFrom + WINDOW_MS)),
      loading: summary(inWindow(loadsFrom, loadsTo)),
      allLoadedMs,
      notes,
    };
    log(
      `busy room beside ${largeRooms} cold loads: p99 quiet ${result.quiet.p99.toFixed(1)} ms, ` +
        `during the loads ${result.loading.p99.toFixed(1)} ms (max ${result.loading.max.toFixed(1)}); ` +
        `all loaded in ${Math.round(allLoadedMs)} ms`,
    );
    return result;
  } catch (error) {
    notes.push(error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    await server.stop();
    server.cleanup();
  }
}
