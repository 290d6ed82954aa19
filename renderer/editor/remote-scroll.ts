/**
 * Leaves the scroll position alone when another person's edit arrives.
 *
 * y-tiptap asks ProseMirror to scroll the selection into view after every remote change while our
 * caret is on screen. Measuring where to scroll forces a synchronous layout of the whole editor,
 * once per remote keystroke: with ten people typing that was the largest single cost on the main
 * thread, and it delayed our own keystrokes (`npm run bench:client`, docs/benchmarks.md). The
 * browser's scroll anchoring (CSS `overflow-anchor`) already keeps what we are looking at in
 * place when text is added above it, and our own next edit scrolls as usual.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/** True when the editor's last transaction applied a change that came through the Y.Doc. */
function isRemoteChange(state: Parameters<typeof ySyncPluginKey.getState>[0]): boolean {
  const sync = ySyncPluginKey.getState(state) as { isChangeOrigin?: boolean } | undefined;
  return sync?.isChangeOrigin === true;
}

/** The extension; put it with Collaboration. */
export const NoScrollOnRemoteChange = Extension.create({
  name: 'noScrollOnRemoteChange',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('noScrollOnRemoteChange'),
        // Returning true tells ProseMirror the scroll was handled: it does not measure.
        props: { handleScrollToSelection: (view) => isRemoteChange(view.state) },
      }),
    ];
  },
});
