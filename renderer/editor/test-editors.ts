/**
 * Real editors for the editor's tests (used by `*.test.ts` only): Tiptap with the app's own
 * extensions, mounted in the test page, bound to Y.Docs — and two members' editors on one
 * document, with the other member's changes brought over on demand as the relay would.
 */
import { Editor } from '@tiptap/core';
import * as Y from 'yjs';
import { editorExtensions } from './extensions.js';

/** The editors a test made; `destroyAll` in its `afterEach`. */
export class TestEditors {
  readonly #made: Array<{ editor: Editor; element: HTMLElement }> = [];

  /** A mounted editor on `doc` (a new one by default). */
  on(doc: Y.Doc = new Y.Doc()): Editor {
    const element = document.createElement('div');
    document.body.append(element);
    const editor = new Editor({ element, extensions: editorExtensions({ doc, numbered: false }) });
    this.#made.push({ editor, element });
    return editor;
  }

  /**
   * Our editor holding `html`, another member's editor on the same document, `receive()`, which
   * applies to ours what the other has that we lack, and `send()`, the other way round.
   */
  pair(html: string): { editor: Editor; other: Editor; receive: () => void; send: () => void } {
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
    return { editor, other, receive, send };
  }

  /** Destroys every editor made so far and removes its element. */
  destroyAll(): void {
    for (const { editor, element } of this.#made.splice(0)) {
      editor.destroy();
      element.remove();
    }
  }
}
