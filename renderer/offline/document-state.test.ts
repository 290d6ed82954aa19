/** Which state a document's row shows (`document-state.ts`) and the panel's phase. */
import { describe, expect, it } from 'vitest';
import { documentOfflineState, type DocumentFacts } from './document-state.js';

const base: DocumentFacts = {
  copy: null,
  updatedAt: 10,
  exclusion: undefined,
  downloading: false,
  connected: true,
  unconfirmed: 0,
  refusal: null,
};

describe('documentOfflineState', () => {
  it('says the refusal first, then the changes not on the server', () => {
    const refusal = { code: 4413, reason: 'too large' };
    expect(documentOfflineState({ ...base, refusal, unconfirmed: 3 })).toEqual({
      kind: 'refused',
      code: 4413,
      reason: 'too large',
    });
    expect(documentOfflineState({ ...base, unconfirmed: 3 })).toEqual({
      kind: 'unconfirmed',
      count: 3,
    });
  });

  it('a copy as recent as the index is ready; an older one is downloading or waiting', () => {
    const copy = { version: 10, bytes: 5, storedAt: 99 };
    expect(documentOfflineState({ ...base, copy })).toEqual({ kind: 'ready', storedAt: 99 });
    const old = { ...copy, version: 9 };
    expect(documentOfflineState({ ...base, copy: old, downloading: true })).toEqual({
      kind: 'downloading',
    });
    expect(documentOfflineState({ ...base, copy: old })).toEqual({
      kind: 'waiting',
      offline: false,
    });
    expect(documentOfflineState({ ...base, connected: false })).toEqual({
      kind: 'waiting',
      offline: true,
    });
  });

  it('a document the budget leaves out says so, with its copy if one is here', () => {
    expect(documentOfflineState({ ...base, exclusion: 'over-budget' })).toEqual({
      kind: 'over-budget',
      copyAt: null,
    });
    const copy = { version: 10, bytes: 5, storedAt: 99 };
    expect(documentOfflineState({ ...base, exclusion: 'archived', copy })).toEqual({
      kind: 'archived',
      copyAt: 99,
    });
  });
});
