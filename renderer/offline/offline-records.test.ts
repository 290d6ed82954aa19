/**
 * A committee's offline bookkeeping in localStorage (`offline-records.ts`): defaults, what is
 * kept across a reload, and damaged or hostile values read as defaults, never as a crash.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFLINE_BUDGET_BYTES } from '../../shared/offline/offline-plan.js';
import { OfflineRecords, offlineRecordsKey } from './offline-records.js';
import { memoryStorage } from '../test-support/memory-storage.js';

describe('OfflineRecords', () => {
  it('starts from the defaults', () => {
    const records = new OfflineRecords(memoryStorage(), 'comite');
    expect(records.budgetBytes).toBe(DEFAULT_OFFLINE_BUDGET_BYTES);
    expect(records.firstDownloadDone).toBe(false);
    expect(records.isPinned('charte')).toBe(false);
    expect(records.copies()).toEqual([]);
  });

  it('keeps budget, first download, pinned documents and copies across a reload, per committee', () => {
    const storage = memoryStorage();
    const records = new OfflineRecords(storage, 'comite');
    records.setBudget(123_456);
    records.markFirstDownloadDone();
    expect(records.pin('charte')).toBe(true);
    expect(records.pin('charte')).toBe(false);
    records.putCopy('charte', { version: 10, bytes: 2048, storedAt: 20 });
    records.putCopy('odj', { version: 11, bytes: 512, storedAt: 21 });
    records.forgetCopy('odj');
    records.flush();
    const again = new OfflineRecords(storage, 'comite');
    expect(again.budgetBytes).toBe(123_456);
    expect(again.firstDownloadDone).toBe(true);
    expect(again.isPinned('charte')).toBe(true);
    expect(again.copyOf('charte')).toEqual({ version: 10, bytes: 2048, storedAt: 20 });
    expect(again.copyOf('odj')).toBeNull();
    expect(new OfflineRecords(storage, 'autre').budgetBytes).toBe(DEFAULT_OFFLINE_BUDGET_BYTES);
  });

  it('reads damaged values as defaults, entry by entry', () => {
    const storage = memoryStorage();
    storage.setItem(offlineRecordsKey('a'), '{not json');
    expect(new OfflineRecords(storage, 'a').budgetBytes).toBe(DEFAULT_OFFLINE_BUDGET_BYTES);
    storage.setItem(
      offlineRecordsKey('b'),
      JSON.stringify({
        budget: -5,
        done: 'yes',
        pinned: ['ok', '../x', 3],
        copies: { good: [1, 2, 3], bad: [1, -2, 3], _x: [1, 2, 3], short: [1] },
      }),
    );
    const records = new OfflineRecords(storage, 'b');
    expect(records.budgetBytes).toBe(DEFAULT_OFFLINE_BUDGET_BYTES);
    expect(records.firstDownloadDone).toBe(false);
    expect(records.isPinned('ok')).toBe(true);
    expect(records.copies()).toEqual(['good']);
  });

  it('refuses a budget that is not one, and survives a storage that refuses writes', () => {
    const storage = memoryStorage();
    const records = new OfflineRecords(storage, 'comite');
    expect(() => records.setBudget(-1)).toThrow(RangeError);
    expect(() => records.setBudget(1.5)).toThrow(RangeError);
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    expect(() => records.pin('charte')).not.toThrow();
    expect(records.isPinned('charte')).toBe(true);
  });
});
