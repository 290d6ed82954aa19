import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateUpdate } from '../protocol/update-validator.js';
import { contentOf, readMeta, setCreation, setTitle } from './doc-schema.js';
import { SEED_CLIENT_ID_BASE, encodeSeed, seedClientId, seedDocument } from './seed.js';
import { TEMPLATES, charteTemplate, ordreDuJourTemplate } from './templates.js';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

const KEY = 'comite-numerique-educatif/charte-2026';

describe('seedDocument', () => {
  for (const [kind, make] of Object.entries(TEMPLATES)) {
    it(`[seed-once] ${kind}: two replicas seeding offline merge into one copy`, () => {
      const a = new Y.Doc();
      const b = new Y.Doc();
      seedDocument(a, make(), `ws/${kind}`);
      seedDocument(b, make(), `ws/${kind}`);
      const alone = contentOf(a).toString();
      sync(a, b);
      expect(contentOf(a).toString()).toBe(alone);
      expect(contentOf(b).toString()).toBe(alone);
      expect(contentOf(a).length).toBe(make().content.content?.length);
    });
  }

  it('[seed-once] merges once in both update encodings, whichever side goes first', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    seedDocument(a, charteTemplate(), KEY);
    seedDocument(b, charteTemplate(), KEY);
    const merged = Y.mergeUpdatesV2([
      Y.encodeStateAsUpdateV2(b),
      Y.encodeStateAsUpdateV2(a),
      Y.encodeStateAsUpdateV2(b),
    ]);
    const c = new Y.Doc();
    Y.applyUpdateV2(c, merged);
    expect(count(contentOf(c).toString(), 'Préambule')).toBe(1);
    expect(c.store.clients.size).toBe(1);
  });

  it('[seed-once] seeding twice on one document is a no-op', () => {
    const a = new Y.Doc();
    seedDocument(a, charteTemplate(), KEY);
    const before = Y.encodeStateAsUpdate(a);
    seedDocument(a, charteTemplate(), KEY);
    expect(Y.encodeStateAsUpdate(a)).toEqual(before);
    expect(count(contentOf(a).toString(), 'Préambule')).toBe(1);
  });

  it('[seed-once] keeps edits made before the other replica seeds', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    seedDocument(a, charteTemplate(), KEY);
    setTitle(a, 'Charte du comité numérique');
    contentOf(a).delete(0, 1);
    seedDocument(b, charteTemplate(), KEY);
    sync(a, b);
    expect(readMeta(b).meta.title).toBe('Charte du comité numérique');
    expect(contentOf(b).toString()).toBe(contentOf(a).toString());
    expect(count(contentOf(b).toString(), 'Préambule')).toBe(0);
  });

  it('[seed-once] writes meta once; creation info converges to one writer', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    seedDocument(a, charteTemplate(), KEY);
    setCreation(a, 'alice', 1000);
    seedDocument(b, charteTemplate(), KEY);
    setCreation(b, 'bob', 2000);
    sync(a, b);
    const meta = readMeta(a);
    expect(meta.invalid).toEqual([]);
    expect(meta.meta).toMatchObject({ kind: 'charte', status: 'brouillon', schemaVersion: 1 });
    expect(readMeta(b).meta).toEqual(meta.meta);
    expect(['alice', 'bob']).toContain(meta.meta.createdBy);
  });

  it('different seed keys or templates get different client ids, outside uint32', () => {
    const ids = new Set([
      seedClientId(KEY, charteTemplate()),
      seedClientId(`${KEY}x`, charteTemplate()),
      seedClientId(KEY, ordreDuJourTemplate()),
    ]);
    expect(ids.size).toBe(3);
    for (const id of ids) {
      expect(id).toBeGreaterThanOrEqual(SEED_CLIENT_ID_BASE);
      expect(id).toBeLessThan(2 ** 49);
    }
  });

  it('the seed update passes the relay’s update validator and is deterministic', () => {
    const update = encodeSeed(charteTemplate(), KEY);
    expect(encodeSeed(charteTemplate(), KEY)).toEqual(update);
    expect(validateUpdate(update).ok).toBe(true);
  });
});
