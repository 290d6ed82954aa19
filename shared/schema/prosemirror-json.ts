/**
 * ProseMirror JSON for Tiptap's schema (StarterKit + TableKit), written without importing
 * Tiptap: `shared/` is std-only, and templates must be buildable in the relay and in tests.
 *
 * The builders emit the *canonical* form that `@tiptap/y-tiptap` produces when it reads a
 * fragment back (`yXmlFragmentToProsemirrorJSON`): every node attribute whose schema default is
 * not `null` is spelled out, `null` attributes are omitted (y-tiptap never stores them), and every
 * mark carries its `attrs` object (y-tiptap always returns it, `{}` for bold or italic). Writing
 * defaults explicitly matters beyond test equality: if the Yjs content lacked `level` or
 * `colspan`, every editor that opened it would "repair" the element with its own concurrent
 * attribute writes. `tests/schema/templates.test.ts` checks this against the real schema.
 */

/** A mark attribute value, as y-tiptap stores it in an `XmlText` formatting attribute. */
export type PmAttrValue = string | number | boolean | null;

/** A ProseMirror mark in JSON form. */
export interface PmMark {
  /** Mark type name (`bold`, `italic`, `link`, …). */
  readonly type: string;
  /** Mark attributes, `{}` when the mark has none. */
  readonly attrs: Readonly<Record<string, PmAttrValue>>;
}

/** A ProseMirror text node in JSON form. */
export interface PmText {
  /** Always `text`. */
  readonly type: 'text';
  /** Non-empty text (ProseMirror forbids empty text nodes). */
  readonly text: string;
  /** Marks, sorted by type name; absent when there are none. */
  readonly marks?: readonly PmMark[];
}

/** A ProseMirror element node in JSON form. */
export interface PmElement {
  /** Node type name (`paragraph`, `heading`, `tableCell`, …). */
  readonly type: string;
  /** Non-null attributes; absent when there are none. */
  readonly attrs?: Readonly<Record<string, string | number | boolean>>;
  /** Children; absent for an empty node. */
  readonly content?: readonly PmNode[];
}

/** Any ProseMirror node in JSON form. */
export type PmNode = PmText | PmElement;

/** A whole document: the root `doc` node. */
export interface PmDoc extends PmElement {
  /** Always `doc`. */
  readonly type: 'doc';
}

/** Inline content accepted by the builders: plain strings become unmarked text. */
export type Inline = string | PmText;

/**
 * Normalises inline content as ProseMirror (and Yjs's delta) would: empty text dropped, adjacent
 * texts with the same marks merged. Without this, `'a', 'b'` would read back as one text `ab`.
 */
function inline(parts: readonly Inline[]): PmText[] {
  const out: PmText[] = [];
  for (const part of parts) {
    const node = typeof part === 'string' ? { type: 'text' as const, text: part } : part;
    if (node.text.length === 0) continue;
    const last = out[out.length - 1];
    if (last !== undefined && JSON.stringify(last.marks) === JSON.stringify(node.marks)) {
      out[out.length - 1] = { ...last, text: last.text + node.text };
    } else {
      out.push(node);
    }
  }
  return out;
}

function element(type: string, content: readonly PmNode[], attrs?: PmElement['attrs']): PmElement {
  return {
    type,
    ...(attrs === undefined ? {} : { attrs }),
    ...(content.length === 0 ? {} : { content }),
  };
}

function marked(text: string, mark: PmMark): PmText {
  return { type: 'text', text, marks: [mark] };
}

/** Bold text. */
export function bold(text: string): PmText {
  return marked(text, { type: 'bold', attrs: {} });
}

/** Italic text. */
export function italic(text: string): PmText {
  return marked(text, { type: 'italic', attrs: {} });
}

/**
 * A link. Its mark holds only the address: the editor's link mark has no other attribute
 * (`renderer/editor/safe-link.ts`, rule in `link-href.ts`), and nothing else of a link is ever
 * taken from a shared document.
 */
export function link(text: string, href: string): PmText {
  return marked(text, { type: 'link', attrs: { href } });
}

/** A paragraph. */
export function paragraph(...parts: Inline[]): PmElement {
  return element('paragraph', inline(parts));
}

/** A heading of level 1 to 6. */
export function heading(level: 1 | 2 | 3 | 4 | 5 | 6, ...parts: Inline[]): PmElement {
  return element('heading', inline(parts), { level });
}

/** A list item holding one paragraph, optionally followed by nested blocks. */
export function listItem(first: Inline | readonly Inline[], ...blocks: PmElement[]): PmElement {
  const parts = Array.isArray(first) ? (first as readonly Inline[]) : [first as Inline];
  return element('listItem', [paragraph(...parts), ...blocks]);
}

/** A bullet list; plain items are wrapped in `listItem`. */
export function bulletList(...items: Array<Inline | readonly Inline[] | PmElement>): PmElement {
  return element('bulletList', items.map(toItem));
}

/** An ordered list starting at 1 (the schema default `start: 1` is written out). */
export function orderedList(...items: Array<Inline | readonly Inline[] | PmElement>): PmElement {
  return element('orderedList', items.map(toItem), { start: 1 });
}

function toItem(item: Inline | readonly Inline[] | PmElement): PmElement {
  if (typeof item === 'object' && !Array.isArray(item) && (item as PmNode).type === 'listItem') {
    return item as PmElement;
  }
  return listItem(item as Inline | readonly Inline[]);
}

const CELL_ATTRS = { colspan: 1, rowspan: 1 } as const;

function cell(type: 'tableHeader' | 'tableCell', value: Inline | readonly Inline[]): PmElement {
  const parts = Array.isArray(value) ? (value as readonly Inline[]) : [value as Inline];
  return element(type, [paragraph(...parts)], CELL_ATTRS);
}

/** A table: one header row, then body rows; every cell holds one paragraph. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Inline | readonly Inline[]>>,
): PmElement {
  return element('table', [
    element(
      'tableRow',
      header.map((value) => cell('tableHeader', value)),
    ),
    ...rows.map((row) =>
      element(
        'tableRow',
        row.map((value) => cell('tableCell', value)),
      ),
    ),
  ]);
}

/** The root node. */
export function doc(...blocks: PmElement[]): PmDoc {
  return { type: 'doc', content: blocks };
}

/** Concatenated text of a node, in document order (used by tests and by article numbering). */
export function textOf(node: PmNode): string {
  if (node.type === 'text') return (node as PmText).text;
  return ((node as PmElement).content ?? []).map(textOf).join('');
}
