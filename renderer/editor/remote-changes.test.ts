/**
 * `RemoteChanges` on real editors bound to Y.Docs: a change that arrives through the Y.Doc is not
 * scrolled to (ProseMirror does not measure) and the autolink plugin is told to skip it; our own
 * edits, undo and redo keep both.
 */
import type { Editor } from '@tiptap/core';
import type {} from '@tiptap/extension-collaboration';
import type {} from '@tiptap/starter-kit';
import { Plugin } from '@tiptap/pm/state';
import { afterEach, describe, expect, it } from 'vitest';
import { TestEditors } from './test-editors.js';

describe('RemoteChanges', () => {
  const editors = new TestEditors();
  afterEach(() => editors.destroyAll());
  const pair = () => editors.pair('<p>Un</p><p>Deux</p>');

  /** What ProseMirror asks before scrolling the selection into view. */
  const scrollHandled = (editor: Editor): boolean =>
    editor.view.someProp('handleScrollToSelection', (handle) => handle(editor.view)) === true;

  const links = (editor: Editor): string[] => {
    const found: string[] = [];
    editor.state.doc.descendants((node) => {
      const link = node.marks.find((mark) => mark.type.name === 'link');
      if (link !== undefined) found.push(String(link.attrs.href));
    });
    return found;
  };

  it('skips the scroll after a remote change, and keeps it for ours and for undo', () => {
    const { editor, other, receive } = pair();
    editor.commands.insertContentAt(3, ' mot');
    expect(scrollHandled(editor)).toBe(false);

    other.commands.insertContentAt(other.state.doc.content.size - 1, ' ajouté');
    receive();
    expect(editor.getText()).toContain('Deux ajouté');
    expect(scrollHandled(editor)).toBe(true);

    editor.commands.undo();
    expect(editor.getText()).not.toContain('Un mot');
    expect(scrollHandled(editor)).toBe(false);
  });

  it('asks the autolink plugin to skip remote changes only', () => {
    const { editor, other, receive } = pair();
    // What the Link extension's autolink plugin reads, seen by a plugin of the test.
    const skipped: boolean[] = [];
    editor.registerPlugin(
      new Plugin({
        appendTransaction: (transactions) => {
          if (transactions.some((tr) => tr.docChanged)) {
            skipped.push(transactions.some((tr) => tr.getMeta('preventAutolink') === true));
          }
          return null;
        },
      }),
    );
    other.commands.insertContentAt(
      other.state.doc.content.size - 1,
      ' https://www.education.gouv.fr',
    );
    receive();
    expect(editor.getText()).toContain('https://www.education.gouv.fr');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((skip) => skip)).toBe(true);

    skipped.length = 0;
    editor.commands.insertContentAt(3, ' https://www.education.gouv.fr ');
    expect(skipped).toEqual([false]);
    expect(links(editor)).toEqual(['https://www.education.gouv.fr']);
    skipped.length = 0;
    editor.commands.undo();
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.some((skip) => skip)).toBe(false);
  });
});
