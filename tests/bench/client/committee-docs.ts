/**
 * A committee with many documents for the client benchmarks: `count` copies of the demo
 * charter (its size and structure), each its own document with its own seed, listed in the
 * committee's index, written straight into the relay's store before the relay starts — as
 * `cli.js demo` seeds the demo committee (`sync-server/demo/seed-demo.ts`).
 */
import * as Y from 'yjs';
import { DEMO_COMMITTEE } from '../../../shared/demo/committee.js';
import { contentRoom, indexRoom } from '../../../shared/model/room-name.js';
import { putIndexEntry, setCreation } from '../../../shared/schema/doc-schema.js';
import { seedDocument } from '../../../shared/schema/seed.js';
import { SqliteDocStore } from '../../../sync-server/storage/sqlite-store.js';

/** The ids of the documents `addCommitteeDocuments` writes. */
export function benchDocumentIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
}

/** Writes `count` charter-sized documents into `workspace` of the store file `file`. */
export async function addCommitteeDocuments(
  file: string,
  workspace: string,
  count: number,
  now: number = Date.now(),
): Promise<string[]> {
  const charter = DEMO_COMMITTEE.documents.find((d) => d.template.kind === 'charte');
  if (charter === undefined) throw new Error('the demo committee has no charter');
  const store = await SqliteDocStore.open({ file });
  try {
    const ids = benchDocumentIds(count);
    for (const [i, id] of ids.entries()) {
      const room = contentRoom(workspace, id);
      const doc = new Y.Doc();
      seedDocument(doc, { ...charter.template, title: `Charte ${i + 1}` }, room);
      setCreation(doc, 'bench', now - i * 60_000);
      await store.append([{ room, data: Y.encodeStateAsUpdate(doc) }]);
      doc.destroy();
    }
    // The index already exists (the demo's): add the entries as one more update.
    const index = new Y.Doc();
    const stored = await store.load(indexRoom(workspace));
    if (stored.snapshot !== null) Y.applyUpdate(index, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(index, update.data);
    const before = Y.encodeStateVector(index);
    index.transact(() => {
      for (const [i, id] of ids.entries())
        putIndexEntry(index, id, {
          title: `Charte ${i + 1}`,
          kind: 'charte',
          archived: false,
          // Newest first: bench-000 is the most recent.
          updatedAt: now - i * 60_000,
        });
    });
    await store.append([
      { room: indexRoom(workspace), data: Y.encodeStateAsUpdate(index, before) },
    ]);
    index.destroy();
    return ids;
  } finally {
    await store.close();
  }
}
