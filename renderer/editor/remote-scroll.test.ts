/**
 * `NoScrollOnRemoteChange` on a real editor bound to a Y.Doc: a change that arrives through the
 * Y.Doc is reported as scrolled (ProseMirror then does not measure), our own is not.
 */
import { Editor } from '@tiptap/core';
import type {} from '@tiptap/starter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editorExtensions } from './extensions.js';

describe('NoScrollOnRemoteChange', () => {
  const editors: Editor[] = [];
  afterEach(() => editors.splice(0).forEach((editor) => editor.destroy()));

  function editorOn(doc: Y.Doc): Editor {
    const element = document.createElement('div');
    document.body.append(element);
    const editor = new Editor({ element, extensions: editorExtensions({ doc, numbered: false }) });
    editors.push(editor);
    return editor;
  }

  /** What ProseMirror asks before scrolling the selection into view. */
  const scrollHandled = (editor: Editor): boolean =>
    editor.view.someProp('handleScrollToSelection', (handle) => handle(editor.view)) === true;

  it('skips the scroll after a remote change and keeps it for ours', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    const editor = editorOn(mine);
    const other = editorOn(theirs);
    editor.commands.setContent('<p>Un</p><p>Deux</p>');
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));

    editor.commands.insertContentAt(3, ' mot');
    expect(scrollHandled(editor)).toBe(false);

    other.commands.insertContentAt(other.state.doc.content.size - 1, ' ajouté');
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)));
    expect(editor.getText()).toContain('Deux ajouté');
    expect(scrollHandled(editor)).toBe(true);

    editor.commands.insertContentAt(1, 'Encore ');
    expect(scrollHandled(editor)).toBe(false);
  });
});
