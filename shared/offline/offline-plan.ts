/**
 * Which documents of a committee the app keeps on this computer for offline reading, within
 * the member's storage budget. Pure, so the rule is stated once and tested without a browser.
 *
 * The rule, as the committee's home page says it:
 * - documents the member opened or edited ("pinned") are always kept, whatever the budget, and
 *   their bytes are counted first (with the index's, `reservedBytes`);
 * - archived documents are not kept unless pinned: they are the committee's past, the budget
 *   goes to the live ones (an archived document opened once online is pinned from then on);
 * - the others, newest first (index `updatedAt`), as long as they fit: the first one that would
 *   pass the budget stops the walk, and it and every older one are left out. A strict prefix,
 *   so that "the N most recent documents" is always what the member gets, never a scattering
 *   of small old ones.
 *
 * A document's size is what its local copy took last time it was stored; one never downloaded
 * counts at `estimateBytes` — the mean of the known sizes, or {@link DEFAULT_DOCUMENT_ESTIMATE}
 * when none is known yet (`estimateDocumentBytes`). Re-planned as sizes become known, the plan
 * converges on the real sizes; the estimate only decides how many downloads start at once.
 */

/** 1 Mo as the app counts it (binary, as disk sizes are shown elsewhere in the app). */
export const MEGABYTE = 1024 * 1024;

/** The budget of a committee nobody changed: 500 Mo. */
export const DEFAULT_OFFLINE_BUDGET_BYTES = 500 * MEGABYTE;

/** The largest budget one can set: 100 000 Mo (about 98 Go). */
export const MAX_OFFLINE_BUDGET_BYTES = 100_000 * MEGABYTE;

/**
 * The size assumed for a document never downloaded, before any size is known: 64 Kio, several
 * times a template and the demo charter (9 Kio), so that a small budget does not start more
 * downloads than it can hold.
 */
export const DEFAULT_DOCUMENT_ESTIMATE = 64 * 1024;

/** A document of the committee's index, as the plan sees it. */
export interface OfflineCandidate {
  /** Document id. */
  readonly id: string;
  /** Last change per the index (ms since epoch): newer first. */
  readonly updatedAt: number;
  /** Archived in the index. */
  readonly archived: boolean;
  /** Bytes its local copy took when last stored (content and review rooms), or null if never. */
  readonly bytes: number | null;
  /** The member opened or edited it: always kept. */
  readonly pinned: boolean;
}

/** Why a document is not kept. */
export type OfflineExclusion = 'over-budget' | 'archived';

/** What {@link planOffline} decides. */
export interface OfflinePlan {
  /** The ids to keep up to date, newest first: the download order. */
  readonly keep: readonly string[];
  /** The ids left out, and why. */
  readonly excluded: ReadonlyMap<string, OfflineExclusion>;
  /** Bytes counted for what is kept (known sizes, estimates for the others, the reserve). */
  readonly plannedBytes: number;
}

/** Options of {@link planOffline}. */
export interface OfflinePlanOptions {
  /** The member's budget in bytes (≥ 0). */
  readonly budgetBytes: number;
  /** Bytes counted before any document: the index room, kept whatever. */
  readonly reservedBytes?: number;
  /** Size assumed for a document never downloaded (see `estimateDocumentBytes`). */
  readonly estimateBytes?: number;
}

/** Newest first; ties by id, so every replica orders alike. */
function newestFirst(a: OfflineCandidate, b: OfflineCandidate): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The mean size of the documents whose size is known, or the default when none is. */
export function estimateDocumentBytes(candidates: readonly OfflineCandidate[]): number {
  let total = 0;
  let known = 0;
  for (const candidate of candidates) {
    if (candidate.bytes === null) continue;
    total += candidate.bytes;
    known += 1;
  }
  return known === 0 ? DEFAULT_DOCUMENT_ESTIMATE : Math.ceil(total / known);
}

/** Decides what to keep; see the module comment. Throws on a budget that is not a size. */
export function planOffline(
  candidates: readonly OfflineCandidate[],
  options: OfflinePlanOptions,
): OfflinePlan {
  const { budgetBytes } = options;
  if (!Number.isFinite(budgetBytes) || budgetBytes < 0) {
    throw new RangeError(
      `offline budget must be a non-negative number of bytes, not ${budgetBytes}`,
    );
  }
  const estimate = options.estimateBytes ?? estimateDocumentBytes(candidates);
  const sizeOf = (candidate: OfflineCandidate): number => candidate.bytes ?? estimate;
  const ordered = [...candidates].sort(newestFirst);
  const kept = new Set<string>();
  const excluded = new Map<string, OfflineExclusion>();
  let used = options.reservedBytes ?? 0;
  for (const candidate of ordered) {
    if (!candidate.pinned) continue;
    kept.add(candidate.id);
    used += sizeOf(candidate);
  }
  let full = false;
  for (const candidate of ordered) {
    if (candidate.pinned) continue;
    if (candidate.archived) {
      excluded.set(candidate.id, 'archived');
      continue;
    }
    full ||= used + sizeOf(candidate) > budgetBytes;
    if (full) {
      excluded.set(candidate.id, 'over-budget');
      continue;
    }
    kept.add(candidate.id);
    used += sizeOf(candidate);
  }
  const keep = ordered.filter((candidate) => kept.has(candidate.id)).map(({ id }) => id);
  return { keep, excluded, plannedBytes: used };
}
