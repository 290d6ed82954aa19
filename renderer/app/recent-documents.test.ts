/**
 * The recent documents' list in the browser's real localStorage: newest first, one entry per
 * document, bounded, and anything malformed in storage dropped rather than thrown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, parseRecent, RECENT_KEY, RecentDocuments } from './recent-documents.js';

describe('RecentDocuments', () => {
  afterEach(() => window.localStorage.removeItem(RECENT_KEY));

  it('keeps the newest first, once per document, at most MAX_RECENT, across instances', () => {
    const recent = new RecentDocuments(window.localStorage);
    let calls = 0;
    const stop = recent.subscribe(() => calls++);
    for (let i = 0; i < MAX_RECENT + 3; i++) recent.opened('comite', `doc-${i}`, 1_000 + i);
    recent.opened('mon-espace', 'doc-1', 5_000);
    recent.opened('comite', 'doc-10', 6_000);
    stop();
    expect(calls).toBe(MAX_RECENT + 5);
    const expected = [
      { workspace: 'comite', id: 'doc-10', at: 6_000 },
      { workspace: 'mon-espace', id: 'doc-1', at: 5_000 },
      { workspace: 'comite', id: 'doc-9', at: 1_009 },
    ];
    expect(recent.list.slice(0, 3)).toEqual(expected);
    expect(recent.list).toHaveLength(MAX_RECENT);
    // The same document in another workspace is another document.
    expect(recent.list.filter((e) => e.id === 'doc-1')).toHaveLength(1);
    const again = new RecentDocuments(window.localStorage);
    expect(again.list).toEqual(recent.list);
  });

  it('reads a damaged or foreign value as an empty or cleaned list', () => {
    expect(parseRecent(null)).toEqual([]);
    expect(parseRecent('{not json')).toEqual([]);
    expect(parseRecent('{"workspace":"a"}')).toEqual([]);
    expect(
      parseRecent(
        JSON.stringify([
          { workspace: 'a', id: 'x', at: 1 },
          { workspace: '', id: 'y', at: 2 },
          { workspace: 'a', id: 'z', at: 'hier' },
          null,
          { workspace: 'b', id: 'w', at: 3, title: 'ignored' },
        ]),
      ),
    ).toEqual([
      { workspace: 'b', id: 'w', at: 3 },
      { workspace: 'a', id: 'x', at: 1 },
    ]);
    window.localStorage.setItem(RECENT_KEY, '[[[');
    const recent = new RecentDocuments(window.localStorage);
    expect(recent.list).toEqual([]);
    recent.opened('a', 'x', 1);
    expect(parseRecent(window.localStorage.getItem(RECENT_KEY))).toEqual([
      { workspace: 'a', id: 'x', at: 1 },
    ]);
  });
});
