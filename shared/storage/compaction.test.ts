import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMPACTION_POLICY,
  compactionStats,
  shouldCompact,
  type CompactionPolicy,
} from './compaction.js';

const MiB = 1024 * 1024;

describe('shouldCompact with DEFAULT_COMPACTION_POLICY', () => {
  it('never compacts an empty log, whatever the snapshot size', () => {
    expect(shouldCompact({ logCount: 0, logBytes: 0, snapshotBytes: 0 })).toBe(false);
    expect(shouldCompact({ logCount: 0, logBytes: 0, snapshotBytes: 50 * MiB })).toBe(false);
  });

  it('compacts from 500 log entries on, even when they are tiny', () => {
    expect(shouldCompact({ logCount: 499, logBytes: 499 * 20, snapshotBytes: 0 })).toBe(false);
    expect(shouldCompact({ logCount: 500, logBytes: 500 * 20, snapshotBytes: 0 })).toBe(true);
    expect(shouldCompact({ logCount: 5000, logBytes: 100, snapshotBytes: 10 * MiB })).toBe(true);
  });

  it('compacts a small document only once its log passes 1 MiB', () => {
    expect(shouldCompact({ logCount: 3, logBytes: MiB, snapshotBytes: 10_000 })).toBe(false);
    expect(shouldCompact({ logCount: 3, logBytes: MiB + 1, snapshotBytes: 10_000 })).toBe(true);
  });

  it('compacts a large document once its log is larger than its snapshot', () => {
    expect(shouldCompact({ logCount: 10, logBytes: 4 * MiB, snapshotBytes: 4 * MiB })).toBe(false);
    expect(shouldCompact({ logCount: 10, logBytes: 4 * MiB + 1, snapshotBytes: 4 * MiB })).toBe(
      true,
    );
  });

  it('compacts a single huge update with no snapshot (e.g. an imported document)', () => {
    expect(shouldCompact({ logCount: 1, logBytes: 3 * MiB, snapshotBytes: 0 })).toBe(true);
  });

  it('is frozen so no caller can change the default for everyone', () => {
    expect(Object.isFrozen(DEFAULT_COMPACTION_POLICY)).toBe(true);
  });
});

describe('shouldCompact with a custom policy', () => {
  const policy: CompactionPolicy = { maxLogEntries: 10, minLogBytes: 100, logToSnapshotRatio: 0.5 };

  it('uses the given entry limit', () => {
    expect(shouldCompact({ logCount: 9, logBytes: 9, snapshotBytes: 0 }, policy)).toBe(false);
    expect(shouldCompact({ logCount: 10, logBytes: 10, snapshotBytes: 0 }, policy)).toBe(true);
  });

  it('uses the given byte floor and snapshot ratio', () => {
    expect(shouldCompact({ logCount: 2, logBytes: 100, snapshotBytes: 0 }, policy)).toBe(false);
    expect(shouldCompact({ logCount: 2, logBytes: 101, snapshotBytes: 0 }, policy)).toBe(true);
    expect(shouldCompact({ logCount: 2, logBytes: 500, snapshotBytes: 1000 }, policy)).toBe(false);
    expect(shouldCompact({ logCount: 2, logBytes: 501, snapshotBytes: 1000 }, policy)).toBe(true);
  });
});

describe('compactionStats', () => {
  it('counts the log entries and their bytes, and the snapshot bytes', () => {
    const stats = compactionStats({
      snapshot: new Uint8Array(7),
      snapshotSeq: 4,
      lastSeq: 6,
      updates: [
        { seq: 5, data: new Uint8Array(3) },
        { seq: 6, data: new Uint8Array(0) },
      ],
    });
    expect(stats).toEqual({ logCount: 2, logBytes: 3, snapshotBytes: 7 });
  });

  it('reports 0 snapshot bytes for a never-compacted room', () => {
    const stats = compactionStats({ snapshot: null, snapshotSeq: 0, lastSeq: 0, updates: [] });
    expect(stats).toEqual({ logCount: 0, logBytes: 0, snapshotBytes: 0 });
  });
});
