/**
 * How the editor treats a change that arrives through the Y.Doc from someone else (or from the
 * stored document when it opens): it is shown, and nothing more is done about it here.
 *
 * - No scrolling. y-tiptap asks ProseMirror to scroll the selection into view after every remote
 *   change while our caret is on screen; measuring where to scroll forces a synchronous layout of
 *   the whole editor, once per remote keystroke. With ten people typing that was the largest
 *   single cost on the main thread and it delayed our own keystrokes (`npm run bench:client`,
 *   docs/benchmarks.md). The browser's scroll anchoring (CSS `overflow-anchor`) already keeps
 *   what we are looking at in place when text is added above it. Undo and redo, which also come
 *   back through the Y.Doc, still scroll to what they changed.
 * - No autolink pass. The author's editor turned their URLs into links as they typed; here the
 *   Link extension's autolink plugin would only scan the text again — on opening a document, the
 *   whole of it (a tenth of the editor's first render on a long document).
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

interface SyncMeta {
  readonly isChangeOrigin?: boolean;
  readonly isUndoRedoOperation?: boolean;
}

const fromOthers = (sync: SyncMeta | undefined): boolean =>
  sync?.isChangeOrigin === true && sync.isUndoRedoOperation !== true;

/** True when `transaction` shows a change that came through the Y.Doc, not our undo or redo. */
export function isRemoteTransaction(transaction: Transaction): boolean {
  return fromOthers(transaction.getMeta(ySyncPluginKey) as SyncMeta | undefined);
}

/** True when the last transaction applied to `state` was a remote one. */
function lastWasRemote(state: EditorState): boolean {
  return fromOthers(ySyncPluginKey.getState(state) as SyncMeta | undefined);
}

/** The extension; put it with Collaboration. */
export const RemoteChanges = Extension.create({
  name: 'remoteChanges',
  dispatchTransaction({ transaction, next }) {
    // Read by the Link extension's autolink plugin.
    if (isRemoteTransaction(transaction)) transaction.setMeta('preventAutolink', true);
    next(transaction);
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('remoteChanges'),
        // Returning true tells ProseMirror the scroll was handled: it does not measure.
        props: { handleScrollToSelection: (view) => lastWasRemote(view.state) },
      }),
    ];
  },
});
