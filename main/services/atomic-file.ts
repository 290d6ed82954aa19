/**
 * Small JSON files in the user-data folder (settings, window state), written so that a crash or
 * a power cut leaves either the old file or the new one, never a torn mix, and read so that a
 * damaged file costs the user their preferences, never a crash at start.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Writes `data` to `filePath` atomically: a temporary file in the same folder (so `rename`
 * never crosses a volume), fsync'd before the rename (or the rename could reach the disk before
 * the data), then the folder fsync'd so the rename itself survives a power cut. Windows cannot
 * open a folder to fsync it; NTFS journals the rename, so that step is skipped there.
 */
export async function writeFileAtomic(filePath: string, data: string): Promise<void> {
  const temporary = path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.${process.pid}.${randomUUID()}.tmp`,
  );
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, filePath);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncFolder(path.dirname(filePath));
}

async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What reading a JSON file gave. */
export type JsonFileResult<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly reason: string; readonly backupPath: string | null };

/**
 * Reads and validates a JSON file. A file that is not JSON or does not match `schema` is moved
 * aside to `<name>.corrupt-<time>` (kept for support, never read again) and reported as
 * `corrupt`, so the caller starts from defaults and its next write does not destroy the
 * evidence. `backupPath` is null when even the move failed.
 */
export async function readJsonFile<T>(
  filePath: string,
  schema: z.ZodType<T>,
  now: () => Date = () => new Date(),
): Promise<JsonFileResult<T>> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let reason: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', value: parsed.data };
    reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
  } catch (error) {
    reason = `not JSON: ${(error as Error).message}`;
  }
  const stamp = now().toISOString().replace(/[:.]/g, '-');
  const backupPath = `${filePath}.corrupt-${stamp}`;
  try {
    await rename(filePath, backupPath);
    return { kind: 'corrupt', reason, backupPath };
  } catch {
    return { kind: 'corrupt', reason, backupPath: null };
  }
}

/**
 * Runs async tasks one after another, in call order, so two saves of the same file never
 * interleave (the last call's data is what stays on disk). A failed task does not stop the
 * queue; its caller gets the error.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
