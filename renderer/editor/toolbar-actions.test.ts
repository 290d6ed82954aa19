/**
 * The toolbar's structural actions on a real editor bound to a Y.Doc: headings, lists and tables
 * become the document's structure, the shortcuts the tooltips announce do the same, and another
 * member's editor receives exactly that structure through Yjs.
 */
import type { Editor, JSONContent } from '@tiptap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { TestEditors } from './test-editors.js';
import { TOOLBAR_ACTIONS } from './toolbar-actions.js';

const editors = new TestEditors();
afterEach(() => editors.destroyAll());

function action(id: string) {
  const found = TOOLBAR_ACTIONS.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no toolbar action ${id}`);
  return found;
}

/** The top-level blocks' types, with the children's types of lists and tables. */
function outline(editor: Editor): string[] {
  return (editor.getJSON().content ?? []).map((block) => {
    const children = (block.content ?? []).map((child) => child.type).join(',');
    return block.type === 'paragraph' || block.type === 'heading'
      ? `${block.type}${block.attrs?.level === undefined ? '' : String(block.attrs.level)}`
      : `${block.type}[${children}]`;
  });
}

/** Puts the caret at the start of the first text in the top-level block `index`. */
function caretIn(editor: Editor, index: number): void {
  let start = 0;
  for (let i = 0; i < index; i++) start += editor.state.doc.child(i).nodeSize;
  const block = editor.state.doc.child(index);
  let inside = block.isTextblock ? 0 : -1;
  block.descendants((node, pos) => {
    if (inside >= 0) return false;
    if (node.isTextblock) inside = pos + 1;
    return inside < 0;
  });
  editor.commands.setTextSelection(start + 1 + inside);
}

describe('toolbar actions', () => {
  it('turns paragraphs into headings and lists, and back, for both members', () => {
    const { editor, other, send } = editors.pair('<p>Titre</p><p>Engagement</p><p>Calendrier</p>');
    caretIn(editor, 0);
    action('heading2').run(editor);
    caretIn(editor, 1);
    action('bulletList').run(editor);
    expect(action('bulletList').active?.(editor)).toBe(true);
    caretIn(editor, 2);
    action('orderedList').run(editor);
    // A list at the end gets a paragraph after it, to type below it (Tiptap's trailing node).
    expect(outline(editor)).toEqual([
      'heading2',
      'bulletList[listItem]',
      'orderedList[listItem]',
      'paragraph',
    ]);
    send();
    expect(other.getJSON()).toEqual(editor.getJSON());
    // The same button again lifts the list item back to a paragraph.
    caretIn(editor, 1);
    action('bulletList').run(editor);
    expect(outline(editor)).toEqual([
      'heading2',
      'paragraph',
      'orderedList[listItem]',
      'paragraph',
    ]);
  });

  it('inserts a 3 × 3 table with a header row, adds a row, and the other member gets it', () => {
    const { editor, other, send } = editors.pair('<p>Parties</p>');
    caretIn(editor, 0);
    expect(action('insertTable').enabled(editor)).toBe(true);
    action('insertTable').run(editor);
    const table = (): JSONContent | undefined =>
      (editor.getJSON().content as JSONContent[] | undefined)?.find(
        (block) => block.type === 'table',
      );
    const cellTypes = (row: number) =>
      (table()?.content?.[row]?.content ?? []).map((cell: JSONContent) => cell.type);
    expect(table()?.content).toHaveLength(3);
    expect(cellTypes(0)).toEqual(['tableHeader', 'tableHeader', 'tableHeader']);
    expect(cellTypes(1)).toEqual(['tableCell', 'tableCell', 'tableCell']);
    // The caret is in the table: a row can be added after it.
    expect(action('addRow').enabled(editor)).toBe(true);
    action('addRow').run(editor);
    expect(table()?.content).toHaveLength(4);
    send();
    expect(other.getJSON()).toEqual(editor.getJSON());
    // Outside a table, adding a row is offered as disabled.
    caretIn(editor, outline(editor).indexOf('paragraph'));
    expect(action('addRow').enabled(editor)).toBe(false);
  });

  it('makes lists with the shortcuts the tooltips announce', () => {
    const { editor } = editors.pair('<p>Premier point</p><p>Deuxième point</p>');
    expect(action('bulletList').shortcut).toBe('Ctrl+Maj+8');
    expect(action('orderedList').shortcut).toBe('Ctrl+Maj+7');
    const press = (key: string) =>
      editor.view.dom.dispatchEvent(
        new KeyboardEvent('keydown', { key, ctrlKey: true, shiftKey: true, bubbles: true }),
      );
    caretIn(editor, 0);
    press('8');
    caretIn(editor, 1);
    press('7');
    expect(outline(editor)).toEqual(['bulletList[listItem]', 'orderedList[listItem]', 'paragraph']);
  });
});
