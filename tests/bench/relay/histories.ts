/**
 * Real editing histories as the relay receives them: one Yjs update per edit, in the order a
 * client sends them. The real traces of `../shared/fixtures/editing-traces` (sequential ones
 * keystroke by keystroke, concurrent ones replayed causally per agent), a synthetic typist
 * (inserts and backspaces with cursor jumps, seeded so every run sends the same bytes), and
 * the append-only history of the older cold-load row, the cheapest case Yjs has.
 */
import * as Y from 'yjs';
import { hasFixtures, readConcurrentTrace, readSequentialTrace } from '../../support/fixtures.js';
import { CodePointText } from '../../sync/code-point-text.js';
import { replayCausally } from '../../sync/trace-replay.js';

/** One history: what a writer sends, and the text a client must end with. */
export interface History {
  readonly name: string;
  /** What it is, for the report. */
  readonly what: string;
  readonly updates: readonly Uint8Array[];
  readonly endContent: string;
  /** The final document's state (`encodeStateAsUpdate`, gc on): what compaction keeps. */
  readonly state: Uint8Array;
  /** Its size: the compacted size. */
  readonly stateBytes: number;
}

/** The text type every history writes (the stock clients read it back). */
export const HISTORY_TEXT = 'content';

/** Histories a run may measure. */
export type HistoryName =
  'typing' | 'automerge-paper' | 'seph-blog1' | 'clownschool' | 'friendsforever' | 'append-only';

/** xorshift32: the same sequence on every run. */
function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

/** Records the update of every transaction of `doc` while `write` runs. */
function recording(doc: Y.Doc, write: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array): void => void updates.push(update);
  doc.on('update', onUpdate);
  try {
    write();
  } finally {
    doc.off('update', onUpdate);
  }
  return updates;
}

function finish(name: string, what: string, doc: Y.Doc, updates: Uint8Array[]): History {
  const state = Y.encodeStateAsUpdate(doc);
  return {
    name,
    what,
    updates,
    endContent: doc.getText(HISTORY_TEXT).toString(),
    state,
    stateBytes: state.length,
  };
}

/**
 * Someone typing: `edits` single-character edits, 70 % inserts and 30 % backspaces, the cursor
 * jumping to a random place one edit in 40 (then typing on from there), one update each.
 */
export function typingHistory(edits: number): History {
  const doc = new Y.Doc();
  doc.clientID = 0x7a11;
  const text = doc.getText(HISTORY_TEXT);
  const random = seeded(0xe17e);
  const letters = 'esaitnrulodcmpévqfbghjàxèyzwk ,.’';
  let cursor = 0;
  const updates = recording(doc, () => {
    for (let i = 0; i < edits; i++) {
      if (random() < 1 / 40) cursor = Math.floor(random() * (text.length + 1));
      if (random() < 0.3 && cursor > 0) {
        text.delete(cursor - 1, 1);
        cursor -= 1;
      } else {
        text.insert(cursor, letters[Math.floor(random() * letters.length)] ?? ' ');
        cursor += 1;
      }
    }
  });
  return finish(
    'typing',
    `${edits.toLocaleString('en')} single-character edits of a typist (70 % inserts, 30 % backspaces, cursor jumps)`,
    doc,
    updates,
  );
}

/** A sequential trace, one update per trace transaction (the first `limit` of them). */
export function sequentialHistory(name: 'automerge-paper' | 'seph-blog1', limit: number): History {
  const trace = readSequentialTrace(name);
  const doc = new Y.Doc();
  doc.clientID = 0x5e9;
  const text = new CodePointText(doc.getText(HISTORY_TEXT));
  const txns = trace.txns.slice(0, limit);
  const updates = recording(doc, () => {
    if (trace.startContent !== '') doc.transact(() => text.splice(0, 0, trace.startContent));
    for (const txn of txns)
      doc.transact(() => {
        for (const [position, deleteCount, insert] of txn.patches)
          text.splice(position, deleteCount, insert);
      });
  });
  const end = finish(
    name,
    `real trace, ${txns.length.toLocaleString('en')} transactions, one update each`,
    doc,
    updates,
  );
  if (txns.length === trace.txns.length && end.endContent !== trace.endContent)
    throw new Error(`${name}: the replay does not end at the trace's endContent`);
  return end;
}

/** A concurrent trace: each agent's updates, sent in trace order (a causal order). */
export function concurrentHistory(name: 'clownschool' | 'friendsforever'): History {
  const trace = readConcurrentTrace(name);
  const replay = replayCausally(trace);
  const updates = replay.txns.map((txn) => txn.update);
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  const end = finish(
    name,
    `real concurrent trace, ${trace.numAgents} agents, ${updates.length.toLocaleString('en')} updates`,
    doc,
    updates,
  );
  if (end.endContent !== trace.endContent)
    throw new Error(`${name}: the replay does not end at the trace's endContent`);
  return end;
}

/** `count` appended characters, one update each: the cheapest history Yjs has. */
export function appendOnlyHistory(count: number): History {
  const doc = new Y.Doc();
  doc.clientID = 0xa99;
  const text = doc.getText(HISTORY_TEXT);
  const updates = recording(doc, () => {
    for (let i = 0; i < count; i++) text.insert(i, 'x');
  });
  return finish(
    'append-only',
    `${count.toLocaleString('en')} appended characters, one update each`,
    doc,
    updates,
  );
}

/** True when the real traces are there (`ENTENTE_FIXTURES_DIR`). */
export function hasTraces(): boolean {
  return hasFixtures('editing-traces');
}

/** Builds a history by name; `scale` (0–1] shrinks every one of them (quick runs). */
export function buildHistory(name: HistoryName, scale: number): History {
  const part = (n: number) => Math.max(100, Math.round(n * scale));
  switch (name) {
    case 'typing':
      return typingHistory(part(50_000));
    case 'automerge-paper':
    case 'seph-blog1':
      return sequentialHistory(name, scale >= 1 ? Infinity : part(260_000));
    case 'clownschool':
    case 'friendsforever':
      return concurrentHistory(name);
    case 'append-only':
      return appendOnlyHistory(part(50_000));
  }
}
