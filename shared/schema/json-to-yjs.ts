/**
 * ProseMirror JSON → `Y.XmlFragment`, in the encoding `@tiptap/y-tiptap` (a y-prosemirror fork)
 * reads and writes, so Tiptap's Collaboration extension opens the result as if it had typed it:
 *
 * - an element node is a `Y.XmlElement` whose `nodeName` is the node type; each non-null node
 *   attribute is an XML attribute holding the *raw* value (a heading's `level` stays the number
 *   2, not the string "2": y-tiptap calls `setAttribute(key, value)` without converting);
 * - a run of adjacent text nodes is ONE `Y.XmlText`; each text node is a delta insert whose
 *   formatting attributes map mark type → mark attrs object (`{ bold: {} }`);
 * - the `doc` node itself is the fragment, not an element.
 *
 * Marks that may overlap themselves are stored by y-tiptap under a hashed name
 * (`comment--a1b2c3d4`); no StarterKit mark does, so we refuse rather than guess the hash.
 *
 * Determinism is the point of this file (see `seed.ts`): for a given JSON the sequence of Yjs
 * operations is fixed — children in order, attributes and marks in sorted key order — so two
 * replicas building the same template produce byte-identical structs.
 */
import * as Y from 'yjs';
import type { PmAttrValue, PmDoc, PmElement, PmNode, PmText } from './prosemirror-json.js';

/** Marks known not to overlap themselves (ProseMirror's default `excludes`). */
const FLAT_MARKS: ReadonlySet<string> = new Set([
  'bold',
  'italic',
  'strike',
  'underline',
  'code',
  'link',
]);

/** Appends the content of `json` (a `doc` node) to `fragment`. Call inside a transaction. */
export function appendJsonToFragment(fragment: Y.XmlFragment, json: PmDoc): void {
  if (json.type !== 'doc') throw new Error(`root node must be doc, got ${json.type}`);
  appendChildren(fragment, json.content ?? []);
}

function appendChildren(parent: Y.XmlFragment | Y.XmlElement, children: readonly PmNode[]): void {
  let index = parent.length;
  let run: PmText[] = [];
  const flushText = (): void => {
    if (run.length === 0) return;
    const text = new Y.XmlText();
    parent.insert(index++, [text]);
    text.applyDelta(run.map(toDeltaInsert));
    run = [];
  };
  for (const child of children) {
    if (child.type === 'text') {
      run.push(child as PmText);
      continue;
    }
    flushText();
    const node = child as PmElement;
    const el = new Y.XmlElement(node.type);
    // Integrate first, then fill: every operation is then an ordinary insert on an integrated
    // type, in the order written here, independent of how Yjs flushes preliminary content.
    parent.insert(index++, [el]);
    for (const key of Object.keys(node.attrs ?? {}).sort()) {
      const value = node.attrs?.[key];
      if (value === undefined || value === null) continue;
      if (key === 'ychange') continue; // y-tiptap's change-tracking attribute is never stored.
      // y-tiptap stores attribute values raw; Yjs accepts any JSON value despite the string typing.
      el.setAttribute(key, value as unknown as string);
    }
    appendChildren(el, node.content ?? []);
  }
  flushText();
}

function toDeltaInsert(node: PmText): { insert: string; attributes?: Record<string, object> } {
  if (node.text.length === 0) throw new Error('empty text node');
  const marks = [...(node.marks ?? [])].sort((a, b) => (a.type < b.type ? -1 : 1));
  if (marks.length === 0) return { insert: node.text };
  const attributes: Record<string, Record<string, PmAttrValue>> = {};
  for (const mark of marks) {
    if (!FLAT_MARKS.has(mark.type)) throw new Error(`unsupported mark ${mark.type}`);
    attributes[mark.type] = sortedCopy(mark.attrs);
  }
  return { insert: node.text, attributes };
}

function sortedCopy(attrs: Readonly<Record<string, PmAttrValue>>): Record<string, PmAttrValue> {
  const copy: Record<string, PmAttrValue> = {};
  for (const key of Object.keys(attrs).sort()) copy[key] = attrs[key] ?? null;
  return copy;
}
