/**
 * The relay's files are for the relay alone: the data directory is 0700 and every file in it
 * that the relay keeps (the SQLite store with its `-wal` and `-shm`, the generated secret,
 * backups) 0600, whatever the umask. A store left readable by others — an older relay, a copy
 * made by hand — is fixed at start, and the fix is logged, since until then anyone on the machine
 * could read every committee's documents.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Mode of the data directory. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file the relay keeps. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` if needed and makes it 0700; true when an existing mode had to be tightened.
 * Refuses a directory others share on purpose (the sticky bit, as on `/tmp`): making it private
 * would break the machine, and leaving it open would expose the store.
 */
export function ensurePrivateDir(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(dir).mode & 0o1000) !== 0)
    throw new Error(
      `${dir} is a shared directory (sticky bit): give the relay a directory of its own`,
    );
  return tighten(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates `file` empty with mode 0600 when it does not exist, so that whoever opens it next
 * (SQLite copies the database's mode onto its `-wal` and `-shm`) never creates it wider.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  tighten(file, PRIVATE_FILE_MODE);
}

/** Makes each existing file of `files` 0600; returns those whose mode was wider. */
export function tightenFiles(files: readonly string[]): string[] {
  return files.filter((file) => {
    try {
      return tighten(file, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  });
}

/** Sets `mode` when the current permissions differ; true when it did. */
function tighten(path: string, mode: number): boolean {
  const current = statSync(path).mode & 0o777;
  if (current === mode) return false;
  chmodSync(path, mode);
  return true;
}
