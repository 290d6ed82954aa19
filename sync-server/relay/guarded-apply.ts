/**
 * Applying a client's update to a room whose kind has finer rules than its room-wide access
 * (`shared/policy/room-policy.ts`): the parts of the document the update changed are read from
 * the transaction it made — Yjs lists there every type it changed and, for a map, the keys,
 * deletions included — so the work is bounded by the update itself. The update is applied
 * first; when a part is refused, the doc holds a change that will never be stored, and the
 * caller rebuilds it from storage as after a poison update.
 *
 * An update Yjs cannot integrate yet (it depends on changes the relay does not have) is refused
 * in such a room: its structs would wait in the doc and be integrated by a later update — of
 * someone else, who would then be judged for them.
 */
import type * as Y from 'yjs';
import { findRootTypeKey } from 'yjs';
import type { RoomKind } from '../../shared/model/roles.js';
import { judgeChange, type Touched, type Writer } from '../../shared/policy/room-policy.js';
import { applyClientUpdate, type ApplyOutcome } from './doc-apply.js';

/** What became of a guarded update. */
export type GuardedOutcome = { readonly applied: ApplyOutcome } | { readonly refused: string };

/** A Yjs shared type, as Yjs itself types the ones a transaction changed. */
type SharedType = Parameters<typeof findRootTypeKey>[0];

/** The root of `type`, and the key of the root map under which it sits (null: a root list). */
function placeOf(type: SharedType): { root: SharedType; key: string | null } {
  let at = type;
  let key: string | null = null;
  while (at._item !== null) {
    key = at._item.parentSub;
    at = at._item.parent as SharedType;
  }
  return { root: at, key };
}

/** The parts a transaction changed. */
export function touchedBy(transaction: Y.Transaction): Touched[] {
  const parts: Touched[] = [];
  for (const [type, keys] of transaction.changed) {
    const { root, key } = placeOf(type);
    const name = findRootTypeKey(root);
    if (type === root) for (const changedKey of keys) parts.push({ root: name, key: changedKey });
    else parts.push({ root: name, key });
  }
  return parts;
}

/** Applies `update` of `writer` to `doc`, a room of `kind`, and judges what it changed. */
export function applyGuarded(
  doc: Y.Doc,
  update: Uint8Array,
  kind: RoomKind,
  writer: Writer,
): GuardedOutcome {
  const parts: Touched[] = [];
  const collect = (transaction: Y.Transaction): void => {
    parts.push(...touchedBy(transaction));
  };
  doc.on('afterTransaction', collect);
  let applied: ApplyOutcome;
  try {
    applied = applyClientUpdate(doc, update, 'client');
  } finally {
    doc.off('afterTransaction', collect);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)
    return { refused: 'the update depends on changes the relay does not have; not applied' };
  const verdict = judgeChange(kind, writer, parts);
  return verdict.ok ? { applied } : { refused: verdict.reason };
}
