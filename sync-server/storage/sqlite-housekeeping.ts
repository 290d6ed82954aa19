/**
 * What keeps the SQLite store's files near what its rooms hold (`sqlite-store.ts` calls these;
 * `sqlite-checkpointer.ts` runs the periodic checkpoints on its own thread):
 *
 * - the WAL: truncated to {@link WAL_SIZE_LIMIT_BYTES} whenever it starts over, and started
 *   over by a RESTART checkpoint once it passes {@link RESTART_WAL_BYTES} — a PASSIVE checkpoint
 *   never catches the last frame of a steady stream of commits, so without it the WAL would
 *   hold a whole ingest (9 MB for a 50,000-edit typing history, `npm run bench:history`);
 * - free pages: `auto_vacuum = INCREMENTAL`, so that the `incremental_vacuum` each compaction
 *   runs gives the old snapshot's and the folded log's pages back to the file system instead of
 *   leaving them in the file (73 % of it after that ingest without).
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * Largest WAL kept after the checkpointer copied it all: the next commit truncates it to this.
 * Small, because a WAL of a few pages per commit grows by megabytes a second under a typist's
 * stream of edits; not zero, so that steady commits reuse the file rather than regrow it.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024;

/**
 * Once the WAL passes this, the store restarts it between two commits: a RESTART checkpoint on
 * its own connection copies the few frames the checkpointer's last PASSIVE one left (frames it
 * copied are not copied again), after which the next commit starts the WAL over and truncates
 * it to {@link WAL_SIZE_LIMIT_BYTES}. Tried without waiting: if the checkpointer or another
 * process holds the checkpoint lock, the next commits try again.
 */
export const RESTART_WAL_BYTES = 256 * 1024;

/** Sets the WAL's size limit on the store's connection (the one that starts the WAL over). */
export function limitWal(db: Database.Database): void {
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
}

/**
 * After a commit: restarts the WAL of `file` when it passed {@link RESTART_WAL_BYTES}. Never
 * throws (the data is committed already); a busy or failing checkpoint is tried by the next
 * commit. A `stat` per commit: a microsecond or two, against the commit's fsync.
 */
export function restartWalPastLimit(
  db: Database.Database,
  file: string,
  busyTimeoutMs: number,
): void {
  let walBytes: number;
  try {
    walBytes = statSync(`${file}-wal`).size;
  } catch {
    return;
  }
  if (walBytes <= RESTART_WAL_BYTES) return;
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Busy or failing: the next commits try again, and the checkpointer goes on.
  } finally {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/**
 * Makes the file give freed pages back (`auto_vacuum = INCREMENTAL`). A new file takes the
 * setting before its first table; a file made before it is rebuilt once (`VACUUM`, which also
 * drops the free pages it had gathered): a one-time cost at the first start of this version,
 * proportional to the file.
 */
export function reclaimFreePages(db: Database.Database): void {
  const INCREMENTAL = 2;
  const mode = () => db.pragma('auto_vacuum', { simple: true });
  if (mode() === INCREMENTAL) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  if (mode() !== INCREMENTAL) db.exec('VACUUM');
}
