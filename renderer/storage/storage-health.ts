/**
 * Is there room left to keep documents, and will the browser keep them? IndexedDB does not fail
 * gracefully when space runs out: writes start failing with `QuotaExceededError`, and in Electron
 * a backing store that could not be written may be reset, taking every local document with it.
 * The app calls `checkStorageHealth` at start and now and then, and warns the user while there is
 * still room to sync and free space.
 *
 * Chromium reports as `quota` the smaller of the origin's share of the disk and what the disk
 * still has free (less a reserve it keeps for itself), so `quota − usage` is, in practice, how
 * much more this app can write before failing.
 */

/** The part of `StorageEstimate` we read; fields may be missing (not every browser has them). */
export interface StorageEstimateLike {
  /** Bytes used by this origin. */
  readonly usage?: number | undefined;
  /** Bytes this origin may use in total. */
  readonly quota?: number | undefined;
}

/** What `assessStorage` concludes from an estimate. */
export interface StorageAssessment {
  /** Bytes used by this origin, or null when the browser did not say. */
  readonly usage: number | null;
  /** Bytes this origin may use, or null when the browser did not say. */
  readonly quota: number | null;
  /** `quota − usage` (never negative), or null when either is unknown. */
  readonly available: number | null;
  /** True when the app should warn that space is running out (see `LOW_SPACE_*`). */
  readonly lowSpace: boolean;
}

/** `StorageAssessment` plus whether the browser promised not to evict our data. */
export interface StorageHealth extends StorageAssessment {
  /**
   * True when storage is persistent: the browser will not evict it under storage pressure
   * (best-effort storage may be cleared without asking). False when unknown or refused.
   */
  readonly persisted: boolean;
}

/**
 * Warn when less than this many bytes remain (256 MiB). A compaction writes a document's new
 * snapshot before deleting the log it replaces, and LevelDB (Chromium's IndexedDB backend)
 * needs scratch space to merge its files; with documents of a few MiB, 256 MiB leaves room for
 * both, plus time for the user to react before writes fail.
 */
export const LOW_SPACE_BYTES = 256 * 1024 * 1024;

/**
 * Also warn once usage reaches this share of the quota (90 %). Catches a quota that is small for
 * reasons other than a full disk (a browser's per-origin limit), where 256 MiB could be most of it.
 */
export const LOW_SPACE_USAGE_RATIO = 0.9;

const known = (n: number | undefined): n is number =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0;

/**
 * Judges an estimate (pure). Low space when `quota − usage < LOW_SPACE_BYTES` or
 * `usage ≥ LOW_SPACE_USAGE_RATIO × quota`. Unknown numbers never count as low: we cannot warn
 * about what the browser does not tell us, and a false alarm teaches users to ignore the warning.
 */
export function assessStorage(estimate: StorageEstimateLike): StorageAssessment {
  const usage = known(estimate.usage) ? estimate.usage : null;
  const quota = known(estimate.quota) ? estimate.quota : null;
  if (usage === null || quota === null) return { usage, quota, available: null, lowSpace: false };
  const available = Math.max(0, quota - usage);
  const lowSpace = available < LOW_SPACE_BYTES || usage >= quota * LOW_SPACE_USAGE_RATIO;
  return { usage, quota, available, lowSpace };
}

/** The part of `StorageManager` `checkStorageHealth` uses. */
export type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persist' | 'persisted'>;

/** Options of `checkStorageHealth`. */
export interface StorageHealthOptions {
  /** Where to ask; defaults to `navigator.storage` (absent in insecure contexts). */
  readonly storage?: StorageManagerLike | undefined;
  /**
   * Ask for persistent storage when it is not granted yet (default true). Chromium decides
   * without a prompt; other browsers may show one, so callers there may ask only after a gesture.
   */
  readonly requestPersistence?: boolean;
}

/**
 * Estimates usage and quota and makes sure storage is persistent when the browser allows it.
 * Resolves with everything unknown (and `lowSpace` false) where the Storage API is missing;
 * rejects only if the browser's own calls fail.
 */
export async function checkStorageHealth(
  options: StorageHealthOptions = {},
): Promise<StorageHealth> {
  const storage = 'storage' in options ? options.storage : globalThis.navigator?.storage;
  if (!storage) return { ...assessStorage({}), persisted: false };
  const assessment = assessStorage(await storage.estimate());
  let persisted = await storage.persisted();
  if (!persisted && (options.requestPersistence ?? true)) persisted = await storage.persist();
  return { ...assessment, persisted };
}
