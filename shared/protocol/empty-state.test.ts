import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  isEmptyStateVector,
  isEmptyUpdate,
} from './empty-state.js';

describe('the forms of nothing', () => {
  it('are what Yjs writes for an empty document, and are told from anything else', () => {
    const empty = new Y.Doc();
    expect(Y.encodeStateVector(empty)).toEqual(EMPTY_STATE_VECTOR);
    expect(Y.encodeStateAsUpdate(empty)).toEqual(EMPTY_UPDATE);
    const some = new Y.Doc();
    some.getText('t').insert(0, 'a');
    expect(isEmptyStateVector(Y.encodeStateVector(empty))).toBe(true);
    expect(isEmptyStateVector(Y.encodeStateVector(some))).toBe(false);
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(empty))).toBe(true);
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(some))).toBe(false);
  });
});
