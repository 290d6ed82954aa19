import { describe, expect, it } from 'vitest';
import {
  LOW_SPACE_BYTES,
  LOW_SPACE_USAGE_RATIO,
  assessStorage,
  checkStorageHealth,
  type StorageManagerLike,
} from './storage-health.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('assessStorage', () => {
  it('is not low with plenty of room', () => {
    expect(assessStorage({ usage: 50 * MiB, quota: 10 * GiB })).toEqual({
      usage: 50 * MiB,
      quota: 10 * GiB,
      available: 10 * GiB - 50 * MiB,
      lowSpace: false,
    });
  });

  it('is low once less than LOW_SPACE_BYTES remain, and not one byte before', () => {
    // A quota small enough that the ratio rule does not fire first (it does above 2.5 GiB).
    const quota = GiB;
    expect(quota - LOW_SPACE_BYTES).toBeLessThan(quota * LOW_SPACE_USAGE_RATIO);
    expect(assessStorage({ usage: quota - LOW_SPACE_BYTES, quota }).lowSpace).toBe(false);
    expect(assessStorage({ usage: quota - LOW_SPACE_BYTES + 1, quota }).lowSpace).toBe(true);
  });

  it('is low once usage reaches LOW_SPACE_USAGE_RATIO of the quota, even with bytes to spare', () => {
    const quota = 100 * GiB;
    const threshold = quota * LOW_SPACE_USAGE_RATIO;
    expect(quota - threshold).toBeGreaterThan(LOW_SPACE_BYTES);
    expect(assessStorage({ usage: threshold - 1, quota }).lowSpace).toBe(false);
    expect(assessStorage({ usage: threshold, quota }).lowSpace).toBe(true);
  });

  it('a quota smaller than LOW_SPACE_BYTES is always low', () => {
    expect(assessStorage({ usage: 0, quota: 100 * MiB }).lowSpace).toBe(true);
  });

  it('usage above the quota reports 0 available, and low', () => {
    expect(assessStorage({ usage: 2 * GiB, quota: GiB })).toMatchObject({
      available: 0,
      lowSpace: true,
    });
  });

  it('unknown or nonsensical numbers are reported as unknown, never as low', () => {
    for (const estimate of [
      {},
      { usage: 10 },
      { quota: 10 },
      { usage: Number.NaN, quota: GiB },
      { usage: -1, quota: GiB },
      { usage: 0, quota: Number.POSITIVE_INFINITY },
    ]) {
      expect(assessStorage(estimate), JSON.stringify(estimate)).toMatchObject({
        available: null,
        lowSpace: false,
      });
    }
  });
});

describe('checkStorageHealth', () => {
  it("reads Chromium's real estimate", async () => {
    const health = await checkStorageHealth({ requestPersistence: false });
    expect(health.quota).toBeGreaterThan(0);
    expect(health.usage).toBeGreaterThanOrEqual(0);
    expect(typeof health.persisted).toBe('boolean');
    expect(health.lowSpace).toBe(
      assessStorage({ usage: health.usage ?? undefined, quota: health.quota ?? undefined })
        .lowSpace,
    );
  });

  it('asks for persistence only when not persisted yet, and only when allowed', async () => {
    const calls: string[] = [];
    const storage = (persisted: boolean, granted: boolean): StorageManagerLike => ({
      estimate: async () => ({ usage: GiB, quota: GiB + 100 * MiB }),
      persisted: async () => (calls.push('persisted'), persisted),
      persist: async () => (calls.push('persist'), granted),
    });

    expect(await checkStorageHealth({ storage: storage(false, true) })).toEqual({
      usage: GiB,
      quota: GiB + 100 * MiB,
      available: 100 * MiB,
      lowSpace: true,
      persisted: true,
    });
    expect(calls.splice(0)).toEqual(['persisted', 'persist']);

    await checkStorageHealth({ storage: storage(true, false) });
    expect(calls.splice(0)).toEqual(['persisted']);

    const refused = await checkStorageHealth({
      storage: storage(false, true),
      requestPersistence: false,
    });
    expect(refused.persisted).toBe(false);
    expect(calls.splice(0)).toEqual(['persisted']);
  });

  it('reports everything unknown where the Storage API is missing (insecure context)', async () => {
    expect(await checkStorageHealth({ storage: undefined })).toEqual({
      usage: null,
      quota: null,
      available: null,
      lowSpace: false,
      persisted: false,
    });
  });
});
