/**
 * Online backup and restore of the SQLite store.
 *
 * Copying `entente.sqlite` while the relay runs is not safe in WAL mode: recent commits live in
 * `-wal` until a checkpoint, and a file copy can catch a page half-written. `VACUUM INTO` copies
 * the database inside one read transaction: the copy is exactly the store as of the moment the
 * backup began, every commit before it included, while the relay keeps writing (a WAL reader
 * never blocks writers). The copy is written next to its destination, checked with
 * `PRAGMA integrity_check`, made durable and only then renamed into place, so a backup that
 * fails half-way never leaves a file that looks complete.
 *
 * A restore writes into the configured data directory only when no relay uses the store (it
 * must get SQLite's exclusive lock), and refuses a store that holds data unless forced; a forced
 * restore keeps the replaced store aside rather than deleting it.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateDir, tightenFiles } from './private-files.js';
import { SQLITE_SCHEMA_VERSION } from './sqlite-store.js';

/** What a backup or restore wrote, printed as JSON by the command. */
export interface CopyReport {
  /** Absolute path of the file written. */
  readonly file: string;
  /** Rooms holding data, and log entries, in the copy. */
  readonly rooms: number;
  readonly updates: number;
  /** Schema version of the copy (`PRAGMA user_version`). */
  readonly schemaVersion: number;
  /** Size of the copy in bytes. */
  readonly bytes: number;
  /** Where a forced restore put the store it replaced, or null. */
  readonly keptAside: string | null;
}

/** A backup or restore that cannot be done, with a message for the operator. */
export class BackupError extends Error {}

/** Takes a consistent copy of the store at `source` into `out`, while a relay may be writing. */
export function backupSqlite(
  source: string,
  out: string,
  options: { force?: boolean } = {},
): CopyReport {
  const from = resolve(source);
  const to = resolve(out);
  if (!existsSync(from)) throw new BackupError(`no store at ${from} (check ENTENTE_DATA_DIR)`);
  if (to === from) throw new BackupError('the backup must not be the store itself');
  if (existsSync(to) && options.force !== true)
    throw new BackupError(`${to} exists; choose another file or pass --force to replace it`);
  const db = openExisting(from, true);
  try {
    checkStore(db, from);
    writeCopy(db, to);
  } finally {
    db.close();
  }
  return report(to, null);
}

/**
 * Restores the backup `from` into `dataDir`'s store `fileName`. Refuses while a relay uses the
 * store, and refuses a store holding data unless `force` (which keeps it aside).
 */
export function restoreSqlite(
  from: string,
  dataDir: string,
  fileName: string,
  options: { force?: boolean; now?: () => Date } = {},
): CopyReport {
  const source = resolve(from);
  if (!existsSync(source)) throw new BackupError(`no backup at ${source}`);
  const backup = openExisting(source, true);
  try {
    checkStore(backup, source);
  } finally {
    backup.close();
  }
  const dir = resolve(dataDir);
  ensurePrivateDir(dir);
  const dest = join(dir, fileName);
  let keptAside: string | null = null;
  if (existsSync(dest)) {
    const held = roomsHeldBy(dest);
    if (held > 0 && options.force !== true)
      throw new BackupError(
        `the store ${dest} holds ${held} rooms; pass --force to replace it (it is kept aside)`,
      );
    // Closed by `roomsHeldBy`, the last connection checkpointed its WAL into the file.
    if (held > 0) {
      const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      keptAside = `${dest}.before-restore-${stamp}`;
      renameSync(dest, keptAside);
    } else rmSync(dest);
    for (const suffix of ['-wal', '-shm']) rmSync(dest + suffix, { force: true });
    fsyncDir(dir);
  }
  const db = openExisting(source, true);
  try {
    writeCopy(db, dest);
  } catch (error) {
    // Nothing half-done: the replaced store goes back where it was.
    if (keptAside !== null) renameSync(keptAside, dest);
    throw error;
  } finally {
    db.close();
  }
  return report(dest, keptAside);
}

function openExisting(file: string, readonly: boolean): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`cannot open ${file}: ${messageOf(error)}`);
  }
}

/** Refuses anything that is not a sound Entente store this relay can read. */
function checkStore(db: Database.Database, file: string): void {
  let version: number;
  let integrity: string;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } catch (error) {
    throw new BackupError(`${file} is not a readable SQLite database: ${messageOf(error)}`);
  }
  if (integrity !== 'ok') throw new BackupError(`${file} fails its integrity check: ${integrity}`);
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('rooms', 'updates')")
    .all() as Array<{ name: string }>;
  if (version < 1 || tables.length !== 2)
    throw new BackupError(`${file} is not an Entente store (no rooms and updates tables)`);
  if (version > SQLITE_SCHEMA_VERSION)
    throw new BackupError(
      `${file} has schema version ${version}, newer than this relay supports (${SQLITE_SCHEMA_VERSION})`,
    );
}

/**
 * Rooms with data in the store at `file`, after making sure no relay uses it: SQLite's exclusive
 * lock is granted only when no other connection holds the database open.
 */
function roomsHeldBy(file: string): number {
  const db = openExisting(file, false);
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
      db.exec('COMMIT');
    } catch (error) {
      throw new BackupError(
        `the store ${file} is in use (${messageOf(error)}): stop the relay before restoring`,
      );
    }
    const hasRooms = db
      .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'rooms'")
      .get();
    if (hasRooms === undefined) return 0;
    return (db.prepare('SELECT count(*) AS n FROM rooms WHERE last_seq > 0').get() as { n: number })
      .n;
  } finally {
    db.close();
  }
}

/** `VACUUM INTO` a partial file next to `to`, check it, fsync, rename into place. */
function writeCopy(db: Database.Database, to: string): void {
  const partial = join(dirname(to), `.${basename(to)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    tightenFiles([partial]);
    const copy = openExisting(partial, true);
    try {
      const integrity = copy.pragma('integrity_check', { simple: true }) as string;
      if (integrity !== 'ok')
        throw new BackupError(`the copy fails its integrity check: ${integrity}`);
    } finally {
      copy.close();
    }
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, to);
    fsyncDir(dirname(to));
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`cannot write ${to}: ${messageOf(error)}`);
  }
}

function report(file: string, keptAside: string | null): CopyReport {
  const db = openExisting(file, true);
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      file,
      rooms: count('SELECT count(*) AS n FROM rooms WHERE last_seq > 0'),
      updates: count('SELECT count(*) AS n FROM updates'),
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      bytes: count(
        'SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()',
      ),
      keptAside,
    };
  } finally {
    db.close();
  }
}

/** Makes a rename in `dir` durable. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
