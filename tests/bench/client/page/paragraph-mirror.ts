/**
 * The editing traces are plain text (patches on one string, `\n` between lines); an Entente
 * document is a list of paragraphs (ProseMirror blocks in a `Y.XmlFragment`). This mirror keeps
 * the trace's text as paragraphs and turns each patch into the paragraph operations the editor
 * itself performs for the same keystrokes: text typed or deleted inside a paragraph, Enter
 * splitting one, a deletion across a line end joining two. Appliers turn the operations into
 * Yjs edits (`y-paragraphs.ts`, bench page) or ProseMirror transactions (`pm-replay.ts`, app).
 *
 * Pure (no Yjs, no DOM), so one copy serves both. Trace positions are Unicode code points;
 * operations carry UTF-16 offsets, the unit of both Y.XmlText and ProseMirror.
 */

/** One paragraph operation; `para` indexes the trace's own paragraphs, in document order. */
export type ParagraphOp =
  /** Insert `text` (no line break) at UTF-16 offset `at` of paragraph `para`. */
  | { readonly kind: 'insert'; readonly para: number; readonly at: number; readonly text: string }
  /** Delete `length` UTF-16 units at offset `at` of paragraph `para`. */
  | { readonly kind: 'delete'; readonly para: number; readonly at: number; readonly length: number }
  /** Enter at offset `at`: `tail` (the rest of the paragraph) moves to a new paragraph `para + 1`. */
  | { readonly kind: 'split'; readonly para: number; readonly at: number; readonly tail: string }
  /** The line end after `para` is deleted: paragraph `para + 1` (`moved`) joins its end (`at`). */
  | { readonly kind: 'join'; readonly para: number; readonly at: number; readonly moved: string };

/** One trace patch: `[position, deleteCount, insert]`, like `Array.prototype.splice`. */
export type Patch = readonly [position: number, deleteCount: number, insert: string];

const SURROGATE = /[\uD800-\uDFFF]/;

/** The UTF-16 offset of code point `cp` in `s`. */
function utf16Offset(s: string, cp: number): number {
  if (!SURROGATE.test(s)) return cp;
  let units = 0;
  for (let seen = 0; seen < cp; seen++) {
    const code = s.codePointAt(units);
    if (code === undefined) break;
    units += code > 0xffff ? 2 : 1;
  }
  return units;
}

/** Length of `s` in code points. */
function codePoints(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _char of s) n += 1;
  return n;
}

/** A trace's text as paragraphs; starts as one empty paragraph (the empty document). */
export class ParagraphMirror {
  /** The paragraphs' text. */
  readonly paragraphs: string[] = [''];
  /** Their lengths in code points (trace positions count code points). */
  readonly #lengths: number[] = [0];

  /** The whole text, paragraphs joined by `\n` (comparable to a trace's `endContent`). */
  text(): string {
    return this.paragraphs.join('\n');
  }

  /** Applies one patch and returns the operations that do the same to a document. */
  apply([position, deleteCount, insert]: Patch): ParagraphOp[] {
    const ops: ParagraphOp[] = [];
    let [para, offset] = this.#locate(position);
    let remaining = deleteCount;
    while (remaining > 0) {
      const available = (this.#lengths[para] ?? 0) - offset;
      const here = Math.min(remaining, available);
      if (here > 0) {
        ops.push(this.#delete(para, offset, here));
        remaining -= here;
      }
      if (remaining > 0) {
        ops.push(this.#join(para, position));
        remaining -= 1;
      }
    }
    const lines = insert.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) {
        ops.push(this.#split(para, offset));
        para += 1;
        offset = 0;
      }
      if (line !== '') {
        ops.push(this.#insert(para, offset, line));
        offset += codePoints(line);
      }
    });
    return ops;
  }

  /** Paragraph and code-point offset of a trace position. */
  #locate(position: number): [number, number] {
    let rest = position;
    for (let para = 0; para < this.#lengths.length; para++) {
      const length = this.#lengths[para] ?? 0;
      if (rest <= length) return [para, rest];
      rest -= length + 1;
    }
    throw new Error(`trace position ${position} is beyond the text`);
  }

  #insert(para: number, offset: number, text: string): ParagraphOp {
    const s = this.paragraphs[para] ?? '';
    const at = utf16Offset(s, offset);
    this.paragraphs[para] = s.slice(0, at) + text + s.slice(at);
    this.#lengths[para] = (this.#lengths[para] ?? 0) + codePoints(text);
    return { kind: 'insert', para, at, text };
  }

  #delete(para: number, offset: number, count: number): ParagraphOp {
    const s = this.paragraphs[para] ?? '';
    const at = utf16Offset(s, offset);
    const end = utf16Offset(s, offset + count);
    this.paragraphs[para] = s.slice(0, at) + s.slice(end);
    this.#lengths[para] = (this.#lengths[para] ?? 0) - count;
    return { kind: 'delete', para, at, length: end - at };
  }

  #split(para: number, offset: number): ParagraphOp {
    const s = this.paragraphs[para] ?? '';
    const at = utf16Offset(s, offset);
    const tail = s.slice(at);
    this.paragraphs.splice(para, 1, s.slice(0, at), tail);
    const length = this.#lengths[para] ?? 0;
    this.#lengths.splice(para, 1, offset, length - offset);
    return { kind: 'split', para, at, tail };
  }

  #join(para: number, position: number): ParagraphOp {
    if (para + 1 >= this.paragraphs.length) {
      throw new Error(`trace deletion at ${position} runs past the end of the text`);
    }
    const s = this.paragraphs[para] ?? '';
    const moved = this.paragraphs[para + 1] ?? '';
    this.paragraphs.splice(para, 2, s + moved);
    this.#lengths.splice(para, 2, (this.#lengths[para] ?? 0) + (this.#lengths[para + 1] ?? 0));
    return { kind: 'join', para, at: s.length, moved };
  }
}
