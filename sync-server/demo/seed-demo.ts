/**
 * Seeds the demo committee (`shared/demo`) into a relay's store, once: a room that already
 * holds anything is left alone, and the seeds themselves are deterministic (`seedDocument`), so
 * even a desktop client seeding the same document offline merges into one copy.
 */
import * as Y from 'yjs';
import { DEMO_COMMITTEE, demoRoomName } from '../../shared/demo/committee.js';
import { indexRoom } from '../../shared/model/room-name.js';
import { setCommitteeName } from '../../shared/schema/committee-profile.js';
import { putIndexEntry, setCreation } from '../../shared/schema/doc-schema.js';
import { seedDocument } from '../../shared/schema/seed.js';
import type { DocStore } from '../../shared/storage/doc-store.js';

/** Rooms written by `seedDemo` (empty when everything was already there). */
export interface SeedReport {
  readonly seeded: string[];
}

async function seedRoom(
  store: DocStore,
  room: string,
  fill: (doc: Y.Doc) => void,
): Promise<boolean> {
  const stored = await store.load(room);
  if (stored.lastSeq > 0) return false;
  const doc = new Y.Doc();
  fill(doc);
  await store.append([{ room, data: Y.encodeStateAsUpdate(doc) }]);
  doc.destroy();
  return true;
}

/** Writes the demo documents and the workspace index into `store` where they are missing. */
export async function seedDemo(store: DocStore, now: number = Date.now()): Promise<SeedReport> {
  const seeded: string[] = [];
  for (const document of DEMO_COMMITTEE.documents) {
    const room = demoRoomName(document.id);
    const wrote = await seedRoom(store, room, (doc) => {
      seedDocument(doc, document.template, room);
      setCreation(doc, document.createdBy, now);
    });
    if (wrote) seeded.push(room);
  }
  const index = indexRoom(DEMO_COMMITTEE.workspaceId);
  const wroteIndex = await seedRoom(store, index, (doc) => {
    setCommitteeName(doc, DEMO_COMMITTEE.name);
    for (const document of DEMO_COMMITTEE.documents) {
      putIndexEntry(doc, document.id, {
        title: document.template.title,
        kind: document.template.kind,
        archived: false,
        updatedAt: now,
      });
    }
  });
  if (wroteIndex) seeded.push(index);
  return { seeded };
}
