/**
 * Replays trace transactions through the real app's editor: each one becomes a ProseMirror
 * transaction dispatched to the editor's view (text inserted or deleted, a paragraph split or
 * joined), in a task of its own, as typing would. Tiptap's Collaboration binding turns it into a
 * Yjs update, which the app stores and counts as unconfirmed like any edit of the user's.
 *
 * The editor is reached as Tiptap exposes it on its element (`.ProseMirror`.editor); the types
 * below are the few members used, so that this folder need not import Tiptap.
 */
import type { ReplayReport, TraceTxns } from './api.js';
import { ParagraphMirror, type ParagraphOp } from './paragraph-mirror.js';
import { afterTask } from './probes.js';

interface PmNode {
  readonly childCount: number;
  readonly nodeSize: number;
  readonly content: { readonly size: number };
  child(index: number): PmNode;
}

interface PmTransaction {
  readonly doc: PmNode;
  insert(pos: number, node: PmNode): PmTransaction;
  insertText(text: string, from: number): PmTransaction;
  delete(from: number, to: number): PmTransaction;
  split(pos: number): PmTransaction;
  join(pos: number): PmTransaction;
}

interface PmView {
  readonly state: {
    readonly doc: PmNode;
    readonly tr: PmTransaction;
    readonly schema: { readonly nodes: { readonly paragraph: { create(): PmNode } } };
  };
  dispatch(tr: PmTransaction): void;
}

/** Position just before the top-level block `index`. */
function blockStart(doc: PmNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos;
}

function applyOp(tr: PmTransaction, first: number, op: ParagraphOp): void {
  // +1: inside the paragraph, before its first character.
  const inside = blockStart(tr.doc, first + op.para) + 1;
  switch (op.kind) {
    case 'insert':
      tr.insertText(op.text, inside + op.at);
      return;
    case 'delete':
      tr.delete(inside + op.at, inside + op.at + op.length);
      return;
    case 'split':
      tr.split(inside + op.at);
      return;
    case 'join':
      tr.join(blockStart(tr.doc, first + op.para + 1));
      return;
  }
}

function editorView(): PmView {
  const element = document.querySelector('.ProseMirror') as
    (Element & { editor?: { view: PmView } }) | null;
  const view = element?.editor?.view;
  if (view === undefined) throw new Error('no Tiptap editor on the page');
  return view;
}

/** Types `traceJson` (`TraceTxns`) into a new paragraph at the end of the open document. */
export async function replayInEditor(traceJson: string): Promise<ReplayReport> {
  const txns = JSON.parse(traceJson) as TraceTxns;
  const view = editorView();
  const started = performance.now();
  const first = view.state.doc.childCount;
  const { tr, schema, doc } = view.state;
  view.dispatch(tr.insert(doc.content.size, schema.nodes.paragraph.create()));
  const mirror = new ParagraphMirror();
  for (const patches of txns) {
    const next = view.state.tr;
    for (const patch of patches) for (const op of mirror.apply(patch)) applyOp(next, first, op);
    view.dispatch(next);
    await new Promise<void>((resolve) => afterTask(resolve));
  }
  return { txns: txns.length, ms: performance.now() - started, text: mirror.text() };
}
