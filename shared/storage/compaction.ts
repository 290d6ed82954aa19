/**
 * When to fold a room's update log into its snapshot (STYLE rule 9). Pure, so the relay, the
 * desktop app and tests all decide the same way; the merging itself happens elsewhere
 * (`sync-server/storage/compactor.ts` on the relay).
 *
 * Why two triggers:
 * - entry count: each log entry costs a row read and an `applyUpdate` call on every load, however
 *   small it is; a typing session produces thousands of tiny updates (y-indexeddb trims at 500).
 * - bytes relative to the snapshot: a compaction rewrites the whole snapshot, so compacting when
 *   the log has grown as large as the snapshot keeps the rewrite cost proportional to what was
 *   appended (amortised O(1) per byte), while the floor stops small documents from being
 *   rewritten on every few kilobytes of edits.
 */
import type { StoredRoom } from './doc-store.js';

/** The sizes the policy looks at; see `compactionStats` to get them from a loaded room. */
export interface CompactionStats {
  /** Number of log entries after the snapshot. */
  readonly logCount: number;
  /** Total bytes of those log entries. */
  readonly logBytes: number;
  /** Bytes of the current snapshot (0 when there is none). */
  readonly snapshotBytes: number;
}

/** Thresholds for `shouldCompact`. */
export interface CompactionPolicy {
  /** Compact once the log holds at least this many entries. */
  readonly maxLogEntries: number;
  /** Bytes below which the log is never compacted for its size alone. */
  readonly minLogBytes: number;
  /** Compact once `logBytes` exceeds `snapshotBytes × logToSnapshotRatio` (and `minLogBytes`). */
  readonly logToSnapshotRatio: number;
}

/**
 * Compact when the log has ≥ 500 entries, or when its bytes exceed max(1 MiB, snapshot bytes).
 * 500 is y-indexeddb's `PREFERRED_TRIM_SIZE`; 1 MiB loads in milliseconds from either backend.
 */
export const DEFAULT_COMPACTION_POLICY: CompactionPolicy = Object.freeze({
  maxLogEntries: 500,
  minLogBytes: 1024 * 1024,
  logToSnapshotRatio: 1,
});

/** True when the room described by `stats` should be compacted now; never for an empty log. */
export function shouldCompact(
  stats: CompactionStats,
  policy: CompactionPolicy = DEFAULT_COMPACTION_POLICY,
): boolean {
  if (stats.logCount <= 0) return false;
  if (stats.logCount >= policy.maxLogEntries) return true;
  const byteThreshold = Math.max(
    policy.minLogBytes,
    stats.snapshotBytes * policy.logToSnapshotRatio,
  );
  return stats.logBytes > byteThreshold;
}

/** The sizes of a loaded room, as `shouldCompact` wants them. */
export function compactionStats(room: StoredRoom): CompactionStats {
  let logBytes = 0;
  for (const update of room.updates) logBytes += update.data.byteLength;
  return { logCount: room.updates.length, logBytes, snapshotBytes: room.snapshot?.byteLength ?? 0 };
}
