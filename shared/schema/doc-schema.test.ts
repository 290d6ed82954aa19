import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  SCHEMA_VERSION,
  metaMapOf,
  indexMapOf,
  migrateDoc,
  putIndexEntry,
  readIndex,
  readMeta,
  setCreation,
  setStatus,
  setTitle,
} from './doc-schema.js';

describe('document meta', () => {
  it('reads defaults from an empty document', () => {
    const { meta, invalid } = readMeta(new Y.Doc());
    expect(invalid).toEqual([]);
    expect(meta).toMatchObject({ kind: 'charte', status: 'brouillon', schemaVersion: 0 });
  });

  it('refuses what a hostile peer writes, key by key, and says which keys', () => {
    const doc = new Y.Doc();
    const map = metaMapOf(doc);
    map.set('title', { toString: 'x' });
    map.set('kind', 'roman');
    map.set('status', 'adopte');
    map.set('createdAt', -5);
    map.set('createdBy', '../../etc');
    map.set('schemaVersion', SCHEMA_VERSION + 1);
    const { meta, invalid } = readMeta(doc);
    expect(meta.status).toBe('adopte');
    expect(meta.title).toBe('Sans titre');
    expect([...invalid].sort()).toEqual(
      ['createdAt', 'createdBy', 'kind', 'schemaVersion', 'title'].sort(),
    );
  });

  it('normalises titles and refuses empty ones', () => {
    const doc = new Y.Doc();
    setTitle(doc, '  Charte\u0000 du comité\n ');
    expect(readMeta(doc).meta.title).toBe('Charte  du comité');
    expect(() => setTitle(doc, ' \n ')).toThrow();
    expect(() => setStatus(doc, 'publie' as never)).toThrow();
  });

  it('records creation once', () => {
    const doc = new Y.Doc();
    setCreation(doc, 'alice', 10);
    setCreation(doc, 'bob', 20);
    expect(readMeta(doc).meta).toMatchObject({ createdBy: 'alice', createdAt: 10 });
  });

  it('migrates to the current version through the hook, once', () => {
    const doc = new Y.Doc();
    const calls: number[] = [];
    const found = migrateDoc(doc, { 0: () => calls.push(0) });
    expect(found).toBe(0);
    expect(calls).toEqual([0]);
    expect(readMeta(doc).meta.schemaVersion).toBe(SCHEMA_VERSION);
    migrateDoc(doc, { 0: () => calls.push(0) });
    expect(calls).toEqual([0]);
    expect(() => migrateDoc(new Y.Doc(), {})).toThrow(/no migration/);
  });
});

describe('workspace index', () => {
  it('round-trips valid entries and skips invalid ones', () => {
    const doc = new Y.Doc();
    putIndexEntry(doc, 'charte-2026', {
      title: 'Charte',
      kind: 'charte',
      archived: false,
      updatedAt: 5,
    });
    indexMapOf(doc).set('odj', { title: 'ODJ', kind: 'x', archived: false, updatedAt: 1 });
    indexMapOf(doc).set('_secret', { title: 'A', kind: 'charte', archived: false, updatedAt: 1 });
    indexMapOf(doc).set('cr', 'not an object');
    const index = readIndex(doc);
    expect([...index.keys()]).toEqual(['charte-2026']);
    expect(index.get('charte-2026')).toEqual({
      title: 'Charte',
      kind: 'charte',
      archived: false,
      updatedAt: 5,
    });
    expect(() =>
      putIndexEntry(doc, 'a/b', { title: 'x', kind: 'charte', archived: false, updatedAt: 0 }),
    ).toThrow();
  });
});
