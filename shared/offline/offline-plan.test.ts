/**
 * The rule of what a committee keeps offline (`offline-plan.ts`): pinned documents always, their
 * bytes first; archived ones not; the others newest first while they fit, a strict prefix;
 * unknown sizes at the estimate.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DOCUMENT_ESTIMATE,
  estimateDocumentBytes,
  planOffline,
  type OfflineCandidate,
} from './offline-plan.js';

const doc = (id: string, updatedAt: number, extra: Partial<OfflineCandidate> = {}) =>
  ({ id, updatedAt, archived: false, bytes: 100, pinned: false, ...extra }) as OfflineCandidate;

describe('planOffline', () => {
  it('keeps everything that fits, newest first', () => {
    const plan = planOffline([doc('old', 1), doc('new', 3), doc('mid', 2)], { budgetBytes: 1000 });
    expect(plan.keep).toEqual(['new', 'mid', 'old']);
    expect(plan.excluded.size).toBe(0);
    expect(plan.plannedBytes).toBe(300);
  });

  it('stops at the first document that would pass the budget: a strict prefix', () => {
    const plan = planOffline(
      [doc('a', 5), doc('b', 4, { bytes: 500 }), doc('c', 3, { bytes: 10 }), doc('d', 2)],
      { budgetBytes: 300 },
    );
    expect(plan.keep).toEqual(['a']);
    // `c` would fit by itself, but an older document never passes a newer one left out.
    expect([...plan.excluded]).toEqual([
      ['b', 'over-budget'],
      ['c', 'over-budget'],
      ['d', 'over-budget'],
    ]);
  });

  it('always keeps pinned documents and counts their bytes (and the reserve) first', () => {
    const plan = planOffline(
      [doc('new', 3), doc('mid', 2), doc('pinned-old', 1, { pinned: true, bytes: 250 })],
      { budgetBytes: 400, reservedBytes: 40 },
    );
    expect(plan.keep).toEqual(['new', 'pinned-old']);
    expect(plan.excluded.get('mid')).toBe('over-budget');
    expect(plan.plannedBytes).toBe(390);
    // Beyond the budget all by themselves: still kept.
    const over = planOffline([doc('p', 1, { pinned: true, bytes: 10_000 }), doc('q', 2)], {
      budgetBytes: 0,
    });
    expect(over.keep).toEqual(['p']);
    expect(over.excluded.get('q')).toBe('over-budget');
  });

  it('leaves archived documents out unless pinned', () => {
    const plan = planOffline(
      [
        doc('live', 1),
        doc('archived', 3, { archived: true }),
        doc('opened', 2, { archived: true, pinned: true }),
      ],
      { budgetBytes: 10_000 },
    );
    expect(plan.keep).toEqual(['opened', 'live']);
    expect(plan.excluded.get('archived')).toBe('archived');
  });

  it('counts a document never downloaded at the mean of the known sizes, or the default', () => {
    expect(estimateDocumentBytes([doc('a', 1, { bytes: null })])).toBe(DEFAULT_DOCUMENT_ESTIMATE);
    expect(estimateDocumentBytes([doc('a', 1, { bytes: 100 }), doc('b', 1, { bytes: 301 })])).toBe(
      201,
    );
    const plan = planOffline(
      [doc('a', 3, { bytes: 1000 }), doc('b', 2, { bytes: null }), doc('c', 1, { bytes: null })],
      { budgetBytes: 2500 },
    );
    expect(plan.keep).toEqual(['a', 'b']);
    expect(plan.plannedBytes).toBe(2000);
  });

  it('orders ties by id, the same on every replica', () => {
    expect(planOffline([doc('b', 1), doc('a', 1)], { budgetBytes: 1000 }).keep).toEqual(['a', 'b']);
  });

  it('refuses a budget that is not a size', () => {
    for (const budgetBytes of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => planOffline([], { budgetBytes })).toThrow(RangeError);
  });
});
