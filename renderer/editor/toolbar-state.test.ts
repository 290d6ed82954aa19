/**
 * The toolbar's cached states on a real Tiptap editor bound to a Y.Doc (Collaboration), in
 * Chromium: recomputed when the selection, the block, the marks or the undo stacks change, and
 * reused as is when another person's edit elsewhere arrives.
 */
// The commands' types (`toggleBold`, `undo`) come with the extensions that declare them.
import type {} from '@tiptap/extension-collaboration';
import type {} from '@tiptap/starter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { TestEditors } from './test-editors.js';
import { TOOLBAR_ACTIONS } from './toolbar-actions.js';
import { cachedToolbarStates } from './toolbar-state.js';

const indexOf = (id: string) => TOOLBAR_ACTIONS.findIndex((action) => action.id === id);

describe('cachedToolbarStates', () => {
  const editors = new TestEditors();
  afterEach(() => editors.destroyAll());

  it('follows undo, marks and blocks, and ignores remote edits elsewhere', () => {
    const { editor, other, receive } = editors.pair('<h2>Article</h2><p>Texte</p><p>Autre</p>');
    const select = cachedToolbarStates();

    editor.commands.setTextSelection(3);
    const inHeading = select(editor);
    expect(inHeading[indexOf('heading2')]?.active).toBe(true);
    expect(inHeading[indexOf('undo')]?.enabled).toBe(true);
    expect(select(editor)).toBe(inHeading);

    // Someone else types in the last paragraph: same block, same selection, same states.
    other.commands.insertContentAt(other.state.doc.content.size - 1, ' ajouté');
    receive();
    expect(editor.getText()).toContain('Autre ajouté');
    expect(select(editor)).toBe(inHeading);

    // … or above the selection, which shifts its absolute positions but not where it sits.
    editor.commands.setTextSelection(editor.state.doc.content.size - 3);
    const inLast = select(editor);
    const before = editor.state.selection.from;
    other.commands.insertContentAt(other.state.doc.child(0).nodeSize + 1, 'Début ');
    receive();
    expect(editor.getText()).toContain('Début Texte');
    expect(editor.state.selection.from).toBe(before + 'Début '.length);
    expect(select(editor)).toBe(inLast);

    // Our own moves and edits do change them.
    editor.commands.setTextSelection(3);
    expect(select(editor)).not.toBe(inLast);
    editor.commands.setTextSelection(editor.state.doc.content.size - 3);
    const inParagraph = select(editor);
    expect(inParagraph).not.toBe(inHeading);
    expect(inParagraph[indexOf('heading2')]?.active).toBe(false);
    expect(inParagraph[indexOf('paragraph')]?.active).toBe(true);
    editor.commands.toggleBold();
    expect(select(editor)[indexOf('bold')]?.active).toBe(true);
    while (editor.can().undo()) editor.commands.undo();
    const undone = select(editor);
    expect(undone[indexOf('undo')]?.enabled).toBe(false);
    expect(undone[indexOf('redo')]?.enabled).toBe(true);
  });
});
