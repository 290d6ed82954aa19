/**
 * Free space on the volume that holds the app's data (IndexedDB lives in the user-data folder).
 * Chromium can reset a site's IndexedDB when the disk fills up, losing unsynced work, so the UI
 * asks for this and warns early (ENVIRONMENT.md, "a full disk can reset IndexedDB").
 */
import { statfs } from 'node:fs/promises';
import type { DiskStatus } from '../../shared/ipc/contract.js';

/**
 * Below this many free bytes the UI warns. 512 MiB is far above what a workspace's local store
 * needs to grow between two syncs, and early enough for the user to free space before Chromium
 * starts evicting; a fixed size rather than a percentage because large disks fill just the same.
 */
export const LOW_SPACE_BYTES = 512 * 1024 * 1024;

/** The fields of `fs.statfs` this module reads. */
export interface VolumeStats {
  /** Fundamental block size in bytes. */
  readonly bsize: number | bigint;
  /** Total blocks on the volume. */
  readonly blocks: number | bigint;
  /** Blocks available to unprivileged users (not `bfree`, which counts root's reserve). */
  readonly bavail: number | bigint;
}

/** Computes the status from volume statistics. Pure. */
export function diskStatusFromStats(
  stats: VolumeStats,
  lowSpaceBytes: number = LOW_SPACE_BYTES,
): DiskStatus {
  const freeBytes = toSafeBytes(BigInt(stats.bavail) * BigInt(stats.bsize));
  const totalBytes = toSafeBytes(BigInt(stats.blocks) * BigInt(stats.bsize));
  return { freeBytes, totalBytes, lowSpace: freeBytes < lowSpaceBytes };
}

/** Reads the status of the volume holding `folder`. */
export async function getDiskStatus(
  folder: string,
  lowSpaceBytes: number = LOW_SPACE_BYTES,
): Promise<DiskStatus> {
  // `bigint: true` so very large volumes are not rounded before the multiplication.
  return diskStatusFromStats(await statfs(folder, { bigint: true }), lowSpaceBytes);
}

function toSafeBytes(bytes: bigint): number {
  if (bytes < 0n) return 0;
  return bytes > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(bytes);
}
