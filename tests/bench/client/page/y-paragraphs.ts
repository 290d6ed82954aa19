/**
 * Applies `ParagraphMirror` operations to a document's `content` fragment the way Tiptap's
 * Collaboration binding (y-prosemirror) writes them: a paragraph is a `Y.XmlElement('paragraph')`
 * holding one `Y.XmlText`; typing edits that text, Enter moves the tail into a new paragraph, a
 * join appends the next paragraph's text and deletes its element. The trace's paragraphs sit
 * together after the blocks the document already had (its template).
 */
import * as Y from 'yjs';
import { ParagraphMirror, type ParagraphOp, type Patch } from './paragraph-mirror.js';

/** A trace typed into a fragment, after its existing blocks. */
export class YParagraphs {
  /** The trace's text, for checking against `endContent`. */
  readonly mirror = new ParagraphMirror();
  readonly #fragment: Y.XmlFragment;
  /** Fragment index of the trace's first paragraph. */
  readonly #start: number;
  /** The trace's paragraphs' texts, in order (cached: `fragment.get(i)` walks a linked list). */
  readonly #texts: Y.XmlText[] = [];

  /** Appends the trace's first (empty) paragraph to `fragment`, in a transaction of its own. */
  constructor(fragment: Y.XmlFragment) {
    this.#fragment = fragment;
    this.#start = fragment.length;
    this.#texts.push(this.#insertParagraph(this.#start, ''));
  }

  /** Applies the patches of one trace transaction (the caller wraps them in one Yjs transaction). */
  apply(patches: readonly Patch[]): void {
    for (const patch of patches) {
      for (const op of this.mirror.apply(patch)) this.#applyOp(op);
    }
  }

  #applyOp(op: ParagraphOp): void {
    const text = this.#texts[op.para];
    if (text === undefined) throw new Error(`no paragraph ${op.para}`);
    switch (op.kind) {
      case 'insert':
        text.insert(op.at, op.text);
        return;
      case 'delete':
        text.delete(op.at, op.length);
        return;
      case 'split':
        if (op.tail !== '') text.delete(op.at, op.tail.length);
        this.#texts.splice(
          op.para + 1,
          0,
          this.#insertParagraph(this.#start + op.para + 1, op.tail),
        );
        return;
      case 'join':
        if (op.moved !== '') text.insert(op.at, op.moved);
        this.#fragment.delete(this.#start + op.para + 1, 1);
        this.#texts.splice(op.para + 1, 1);
        return;
    }
  }

  #insertParagraph(index: number, content: string): Y.XmlText {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    if (content !== '') text.insert(0, content);
    paragraph.insert(0, [text]);
    this.#fragment.insert(index, [paragraph]);
    return text;
  }
}
