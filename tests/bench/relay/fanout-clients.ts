/**
 * Fan-out latency, generator side: all clients in this one process, so the write time each
 * update carries and the receipt time are read from the same monotonic clock
 * (`performance.now()`), with no cross-process clock error.
 *
 * NOTE: receivers share one event loop, so a receipt can wait behind the decoding of the other
 * receivers' copies of the same update (~99 Yjs decodes). That adds the same bias against both
 * servers; it is part of what a p99 here means.
 */
import type { FanoutArgs, FanoutResult } from './protocol.js';
import { sleep, until } from './stats.js';
import { StockPool, whenSynced } from './stock-pool.js';
import { benchToken } from './tokens.js';

const KEY = 't';

/** Connects `clients` stock clients to one room; one writes a timestamp every `intervalMs`. */
export async function runFanout(args: FanoutArgs): Promise<FanoutResult> {
  const pool = new StockPool();
  const started = performance.now();
  const clients = Array.from({ length: args.clients }, (_, i) =>
    pool.open(args.port, args.room, benchToken(args.secret, `fan-${i}`)),
  );
  try {
    await Promise.all(clients.map((c) => whenSynced(c.provider, 30_000)));
    const syncMs = performance.now() - started;
    // Let the 100 × 99 awareness announcements of the join pass before measuring.
    await sleep(1000);
    pool.disconnects = 0;
    const latenciesMs: number[] = [];
    let measureFrom = Number.POSITIVE_INFINITY;
    const [writer, ...receivers] = clients;
    if (writer === undefined) throw new Error('no clients');
    for (const receiver of receivers) {
      const map = receiver.doc.getMap<number>('m');
      map.observe((event) => {
        if (!event.keysChanged.has(KEY)) return;
        const sentAt = map.get(KEY);
        if (typeof sentAt === 'number' && sentAt >= measureFrom)
          latenciesMs.push(performance.now() - sentAt);
      });
    }
    const writerMap = writer.doc.getMap<number>('m');
    let writes = 0;
    measureFrom = performance.now();
    const timer = setInterval(() => {
      writerMap.set(KEY, performance.now());
      writes += 1;
    }, args.intervalMs);
    await sleep(args.durationMs);
    clearInterval(timer);
    const expected = writes * receivers.length;
    // Late receipts still count; lost ones show as expected > received in the report.
    await until(() => latenciesMs.length >= expected, 10_000, 'every receipt').catch(
      () => undefined,
    );
    return {
      latenciesMs,
      writes,
      expected,
      syncMs,
      closes: { ...pool.closes },
      disconnects: pool.disconnects,
    };
  } finally {
    pool.destroyAll();
  }
}
