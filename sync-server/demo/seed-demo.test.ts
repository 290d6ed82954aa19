import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_COMMITTEE, demoRoomName } from '../../shared/demo/committee.js';
import { indexRoom } from '../../shared/model/room-name.js';
import { readCommitteeName } from '../../shared/schema/committee-profile.js';
import { readIndex, readMeta } from '../../shared/schema/doc-schema.js';
import { MemoryDocStore } from '../../shared/storage/memory-doc-store.js';
import { seedDemo } from './seed-demo.js';

async function docOf(store: MemoryDocStore, room: string): Promise<Y.Doc> {
  const stored = await store.load(room);
  const doc = new Y.Doc();
  for (const u of stored.updates) Y.applyUpdate(doc, u.data);
  return doc;
}

describe('seedDemo', () => {
  it('writes every demo document and the index once, and nothing on a second run', async () => {
    const store = new MemoryDocStore();
    const first = await seedDemo(store, 1_700_000_000_000);
    const rooms = [
      ...DEMO_COMMITTEE.documents.map((d) => demoRoomName(d.id)),
      indexRoom(DEMO_COMMITTEE.workspaceId),
    ];
    expect(first.seeded).toEqual(rooms);
    expect(await seedDemo(store)).toEqual({ seeded: [] });
    for (const room of rooms) expect((await store.load(room)).updates).toHaveLength(1);

    const charter = await docOf(store, demoRoomName('charte-2026'));
    expect(readMeta(charter).meta.kind).toBe('charte');
    expect(charter.getXmlFragment('content').length).toBeGreaterThan(3);
    const indexDoc = await docOf(store, indexRoom(DEMO_COMMITTEE.workspaceId));
    // The committee carries its display name, so members see it rather than its id.
    expect(readCommitteeName(indexDoc)).toBe(DEMO_COMMITTEE.name);
    const index = readIndex(indexDoc);
    expect(
      Object.keys(Object.fromEntries(index instanceof Map ? index : Object.entries(index))).sort(),
    ).toEqual(DEMO_COMMITTEE.documents.map((d) => d.id).sort());
  });

  it('leaves a room that already holds anything alone', async () => {
    const store = new MemoryDocStore();
    const room = demoRoomName('charte-2026');
    await store.append([{ room, data: Uint8Array.of(0, 0) }]);
    const report = await seedDemo(store);
    expect(report.seeded).not.toContain(room);
    expect((await store.load(room)).updates).toHaveLength(1);
  });
});
