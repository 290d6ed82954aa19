/**
 * Generator side of the memory and cold-load measurements: stock clients held open over many
 * rooms, a raw writer that gives one room a long history, and a fresh stock client timing how
 * long that room takes to load.
 */
import { LightSocket } from './light-socket.js';
import {
  countClose,
  type BuildRoomArgs,
  type CloseCounts,
  type LoadRoomArgs,
  type LoadRoomResult,
  type MemoryOpenArgs,
} from './protocol.js';
import { until } from './stats.js';
import { StockPool, whenSynced } from './stock-pool.js';
import { benchToken, roomPath } from './tokens.js';
import { AppendSequence, expectedText, TEXT_NAME } from './updates.js';

// Plain prose, so a room's document is the size of a short real text, not random bytes.
const PROSE =
  'Le comité se réunit chaque mois pour examiner les propositions et arrêter ses décisions. ';

/** Opens `perRoom` more stock clients in every room, `batch` at a time, each waited to sync. */
export async function openRoomClients(
  pool: StockPool,
  args: MemoryOpenArgs,
): Promise<{ open: number; ms: number }> {
  const started = performance.now();
  const jobs: { room: string; writes: boolean }[] = [];
  for (const room of args.rooms)
    for (let k = 0; k < args.perRoom; k++) jobs.push({ room, writes: k === 0 });
  for (let i = 0; i < jobs.length; i += args.batch) {
    const opened = jobs.slice(i, i + args.batch).map(async (job, k) => {
      const client = pool.open(
        args.port,
        job.room,
        benchToken(args.secret, `mem-${pool.clients.length}-${k}`),
      );
      await whenSynced(client.provider, 30_000);
      if (job.writes && args.docChars > 0)
        client.doc
          .getText(TEXT_NAME)
          .insert(0, PROSE.repeat(Math.ceil(args.docChars / PROSE.length)).slice(0, args.docChars));
    });
    await Promise.all(opened);
  }
  return { open: pool.clients.length, ms: performance.now() - started };
}

/** Writes `updates` appends to one room through raw sync-update messages, windowed. */
export async function buildRoom(args: BuildRoomArgs): Promise<{ ms: number; closes: CloseCounts }> {
  const started = performance.now();
  const path = (who: string) => roomPath(args.room, benchToken(args.secret, who));
  const writer = new LightSocket(args.port, path('builder'));
  const watcher = new LightSocket(args.port, path('builder-watch'));
  const closes: CloseCounts = {};
  let done = false;
  for (const socket of [writer, watcher])
    void socket.closed.then((info) => {
      if (!done) countClose(closes, info.code, info.reason);
    });
  await Promise.all([writer.opened, watcher.opened]);
  const sequence = new AppendSequence(0x5eed);
  let sent = 0;
  let scheduled = false;
  const pump = (): void => {
    scheduled = false;
    const n = Math.min(args.window - (sent - watcher.updates), args.updates - sent);
    if (n <= 0) return;
    const frames = new Array<Uint8Array>(n);
    for (let k = 0; k < n; k++) frames[k] = sequence.frame(sent + k);
    writer.send(frames);
    sent += n;
  };
  // Refill once per event-loop turn, after whatever the watcher received in it.
  watcher.onUpdate = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  pump();
  try {
    await until(
      () => watcher.updates >= args.updates || writer.closeInfo !== null,
      180_000,
      `${args.updates} updates relayed`,
    );
    if (watcher.updates < args.updates)
      throw new Error(`writer closed after ${watcher.updates} updates: ${JSON.stringify(closes)}`);
    return { ms: performance.now() - started, closes };
  } finally {
    done = true;
    writer.close();
    watcher.close();
    await Promise.all([writer.closed, watcher.closed]);
  }
}

/** Times a fresh stock client from `new WebsocketProvider` to `synced`, and checks its text. */
export async function loadRoom(args: LoadRoomArgs): Promise<LoadRoomResult> {
  const pool = new StockPool();
  const started = performance.now();
  let openMs = Number.NaN;
  let syncMs = Number.NaN;
  let text = '';
  const client = pool.open(args.port, args.room, benchToken(args.secret, 'loader'));
  client.provider.on('status', ({ status }) => {
    if (status === 'connected' && Number.isNaN(openMs)) openMs = performance.now() - started;
  });
  // Read the text inside the `sync` event: "synced" must mean the stored state is there.
  client.provider.on('sync', (synced) => {
    if (!synced || !Number.isNaN(syncMs)) return;
    syncMs = performance.now() - started;
    text = client.doc.getText(TEXT_NAME).toString();
  });
  try {
    await whenSynced(client.provider, 60_000);
    const expected = expectedText(args.expectedUpdates);
    return {
      openMs,
      syncMs,
      textOk: text === expected,
      textLength: text.length,
      closes: { ...pool.closes },
    };
  } finally {
    pool.destroyAll();
  }
}
