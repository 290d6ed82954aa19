/**
 * Applying a client's update to a room's Y.Doc, and deciding whether an update would change the
 * document at all. Both work on an update the validator has already accepted; `applyClientUpdate`
 * may still throw if Yjs's model rejects it (a "poison" update), which the caller handles.
 */
import * as Y from 'yjs';
import type { ParsedUpdate } from '../../shared/protocol/update-validator.js';

/** What applying an update did. */
export type ApplyOutcome = 'changed' | 'redundant';

/** Transaction origin of updates applied by the relay, so its own listeners can tell them apart. */
export type UpdateOrigin = 'client' | 'peer' | 'load';

/**
 * Applies `update` and reports whether it changed anything worth storing: new structs or deletes
 * (Yjs emits 'update'), or structs and deletes Yjs had to keep pending because their causal
 * predecessors are still missing — those must be stored too, or they would be lost.
 * Conservative: when unsure, it says 'changed' (storing an update twice is harmless; losing one
 * is not).
 */
export function applyClientUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  origin: UpdateOrigin,
): ApplyOutcome {
  let changed = false;
  const onUpdate = (): void => {
    changed = true;
  };
  const store = doc.store;
  const pendingStructsBefore = store.pendingStructs?.update;
  const pendingDsBefore = store.pendingDs;
  doc.on('update', onUpdate);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    doc.off('update', onUpdate);
  }
  if (changed) return 'changed';
  if (store.pendingStructs?.update !== pendingStructsBefore || store.pendingDs !== pendingDsBefore)
    return 'changed';
  return 'redundant';
}

/**
 * True when the update holds nothing the document does not already have: every struct is below
 * the document's state vector and every deleted range is already deleted. Used for read-only
 * connections, whose clients re-send their (unchanged) delete set on every reconnect.
 */
export function isRedundant(doc: Y.Doc, parsed: ParsedUpdate): boolean {
  if (parsed.isEmpty) return true;
  for (const [client, range] of parsed.structs) {
    if (range.end > Y.getState(doc.store, client)) return false;
  }
  for (const { client, clock, len } of parsed.deletes) {
    if (clock + len > Y.getState(doc.store, client)) return false;
    const structs = doc.store.clients.get(client);
    if (structs === undefined) return false;
    for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i];
      if (struct === undefined || struct.id.clock >= clock + len) break;
      if (!struct.deleted) return false;
    }
  }
  return true;
}
