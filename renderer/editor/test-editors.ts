/**
 * Real editors for the editor's tests (used by `*.test.ts` only): Tiptap with the app's own
 * extensions, mounted in the test page, bound to Y.Docs — and two members' editors on one
 * document, with the other member's changes brought over on demand as the relay would.
 */
import { Editor } from '@tiptap/core';
import * as Y from 'yjs';
import { editorExtensions, type EditorExtensionOptions } from './extensions.js';

/** The editors a test made; `destroyAll` in its `afterEach`. */
export class TestEditors {
  readonly #made: Array<{ editor: Editor; element: HTMLElement }> = [];

  /** A mounted editor on `doc` (a new one by default), with the app's extensions and `options`. */
  on(doc: Y.Doc = new Y.Doc(), options: Omit<Partial<EditorExtensionOptions>, 'doc'> = {}): Editor {
    const element = document.createElement('div');
    document.body.append(element);
    const extensions = editorExtensions({ numbered: false, ...options, doc });
    const editor = new Editor({ element, extensions });
    this.#made.push({ editor, element });
    return editor;
  }

  /**
   * Our editor holding `html`, another member's editor on the same document, `receive()`, which
   * applies to ours what the other has that we lack, and `send()`, the other way round; `theirs`
   * is the other member's Y.Doc, which a test may write to as another client would.
   */
  pair(html: string): {
    editor: Editor;
    other: Editor;
    theirs: Y.Doc;
    receive: () => void;
    send: () => void;
  } {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    const editor = this.on(mine);
    const other = this.on(theirs);
    editor.commands.setContent(html);
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine));
    const receive = () =>
      Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)));
    const send = () =>
      Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs)));
    return { editor, other, theirs, receive, send };
  }

  /** Destroys every editor made so far and removes its element. */
  destroyAll(): void {
    for (const { editor, element } of this.#made.splice(0)) {
      editor.destroy();
      element.remove();
    }
  }
}
