/**
 * Moves SQLite's WAL checkpoints off the commit path and keeps the WAL small. By default the
 * connection that commits also checkpoints (every 1,000 WAL pages), copying pages into the
 * database file and syncing it inside that commit — a latency spike on whichever update happens
 * to trigger it. Instead, the store's own connection disables auto-checkpoints and this worker
 * thread, with a connection of its own, checkpoints on a timer:
 *
 * - while writes come in, PASSIVE (it never blocks a writer) every {@link CHECKPOINT_INTERVAL_MS}:
 *   it copies the frames into the database file off the commit path. Under a steady stream of
 *   commits it never catches up with the last frame, so the WAL would never start over (a
 *   50,000-edit typing history grew it to 9 MB: `npm run bench:history`); the store itself
 *   restarts it once it passes a limit (`sqlite-housekeeping.ts`, `RESTART_WAL_BYTES`), which is cheap
 *   right after a PASSIVE checkpoint copied nearly everything;
 * - once no commit came for an interval, TRUNCATE: the WAL file goes back to zero bytes. It
 *   waits for a writer that arrives meanwhile, which is rare when idle and short (the WAL holds
 *   one interval of frames at most).
 *
 * If the worker dies, the store turns auto-checkpoints back on, so the WAL can never grow
 * without bound.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints, in milliseconds. */
export const CHECKPOINT_INTERVAL_MS = 200;

// Plain CommonJS evaluated in the worker: Node 20 cannot start a `.ts` worker under vitest, and
// this keeps one code path for tests and `dist/`. better-sqlite3 is resolved by the parent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlitePath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// wal_checkpoint returns busy, the WAL's frames and how many are copied. The same frame count
// twice means no commit in between: idle, the WAL is truncated to zero.
let lastFrames = -1;
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    const frames = passive.log;
    if (frames > 0 && frames === lastFrames) db.pragma('wal_checkpoint(TRUNCATE)');
    lastFrames = frames;
  } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') { clearInterval(timer); db.close(); parentPort.close(); }
});
`;

/** A running checkpointer thread for one database file. */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  #stopped = false;

  /**
   * Starts checkpointing `file`; `onFailure` is called once if the worker fails, so the caller
   * can fall back to in-line checkpoints.
   */
  constructor(
    file: string,
    onFailure: (reason: string) => void,
    intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, sqlitePath, intervalMs },
    });
    this.#worker.unref();
    let failed = false;
    const fail = (reason: string): void => {
      if (failed || this.#stopped) return;
      failed = true;
      onFailure(reason);
    };
    this.#worker.on('message', (message: { error?: string }) => {
      if (message.error !== undefined) fail(message.error);
    });
    this.#worker.on('error', (error) => fail(error.message));
    this.#worker.on('exit', (code) => fail(`checkpointer exited with code ${code}`));
  }

  /** Stops the worker and closes its connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const exited = new Promise<void>((ok) => this.#worker.once('exit', () => ok()));
    this.#worker.postMessage('stop');
    await Promise.race([exited, new Promise<void>((ok) => setTimeout(ok, 2000).unref())]);
    await this.#worker.terminate();
  }
}
