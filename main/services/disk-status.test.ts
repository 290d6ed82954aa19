import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { LOW_SPACE_BYTES, diskStatusFromStats, getDiskStatus } from './disk-status.js';

describe('diskStatusFromStats', () => {
  it('uses the blocks available to the user', () => {
    expect(diskStatusFromStats({ bsize: 4096, blocks: 1_000_000, bavail: 500_000 })).toEqual({
      freeBytes: 2_048_000_000,
      totalBytes: 4_096_000_000,
      lowSpace: false,
    });
  });

  it('flags low space strictly below the threshold', () => {
    const blocks = LOW_SPACE_BYTES / 4096;
    expect(diskStatusFromStats({ bsize: 4096, blocks: 1e9, bavail: blocks }).lowSpace).toBe(false);
    expect(diskStatusFromStats({ bsize: 4096, blocks: 1e9, bavail: blocks - 1 }).lowSpace).toBe(
      true,
    );
    expect(diskStatusFromStats({ bsize: 4096, blocks: 10, bavail: 0 })).toEqual({
      freeBytes: 0,
      totalBytes: 40960,
      lowSpace: true,
    });
  });

  it('accepts bigint statistics and caps at the largest safe integer', () => {
    const status = diskStatusFromStats({ bsize: 65536n, blocks: 2n ** 50n, bavail: 2n ** 49n });
    expect(status.totalBytes).toBe(Number.MAX_SAFE_INTEGER);
    expect(status.freeBytes).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('takes a custom threshold', () => {
    expect(diskStatusFromStats({ bsize: 1, blocks: 100, bavail: 50 }, 51).lowSpace).toBe(true);
  });
});

describe('getDiskStatus', () => {
  it('reads the real volume of a folder', async () => {
    const status = await getDiskStatus(tmpdir());
    expect(status.totalBytes).toBeGreaterThan(0);
    expect(status.freeBytes).toBeGreaterThanOrEqual(0);
    expect(status.freeBytes).toBeLessThanOrEqual(status.totalBytes);
    expect(Number.isSafeInteger(status.freeBytes)).toBe(true);
  });

  it('rejects for a folder that does not exist', async () => {
    await expect(getDiskStatus('/nonexistent/entente')).rejects.toThrow();
  });
});
