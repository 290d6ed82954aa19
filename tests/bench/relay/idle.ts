/**
 * Does a stock client that is alone in its room keep its connection while nobody types?
 * y-websocket 3 closes and reopens a connection on which nothing arrived for 30 s
 * (`messageReconnectTimeout`), so a server must send something to an idle lone client within
 * that time. Both servers get one such client for the same stretch, started before the other
 * measurements and read after the memory rounds (> 30 s later); idle servers cost no CPU.
 */
import type { Oddities } from './measure.js';
import { noteStop } from './measure.js';
import type { Generator } from './pool.js';
import { mergeCloses, type IdleResult } from './protocol.js';
import { BENCH_SECRET, startServer, type BenchServer, type ServerKind } from './servers.js';
import { benchRoom } from './tokens.js';

/** A started idle check; `finish` reads and stops it. */
export interface IdleCheck {
  finish(odd: Record<ServerKind, Oddities>): Promise<Record<ServerKind, IdleResult>>;
}

/** Starts one server of each kind with one idle lone stock client each. */
export async function startIdleCheck(
  kinds: readonly ServerKind[],
  gen: Generator,
): Promise<IdleCheck> {
  const servers = new Map<ServerKind, BenchServer>();
  for (const kind of kinds) {
    const server = await startServer(kind);
    servers.set(kind, server);
    const args = { port: server.port, secret: BENCH_SECRET, room: benchRoom('lone'), key: kind };
    await gen.call('idle-open', args, 40_000);
  }
  return {
    finish: async (odd) => {
      const results = {} as Record<ServerKind, IdleResult>;
      for (const [kind, server] of servers) {
        const result = await gen.call('idle-close', { key: kind }, 30_000);
        results[kind] = result;
        odd[kind].closes = mergeCloses(odd[kind].closes, result.closes);
        odd[kind].notes.push(
          `idle: a stock client alone in its room lost its connection ${result.disconnects} ` +
            `times in ${Math.round(result.seconds)} s without edits`,
        );
        noteStop(server, await server.stop(), odd[kind], 'idle');
        server.cleanup();
      }
      return results;
    },
  };
}
