/**
 * Editor-derived UI state (toolbar buttons) computed after the keystroke is painted, not before.
 *
 * Tiptap's `useEditorState` runs its selector inside every transaction and, being
 * `useSyncExternalStore`, makes React re-render synchronously in the same task: a keystroke then
 * waits for the toolbar's `editor.can()` calls and React's render before the browser may paint
 * the character (`npm run bench:client`, docs/benchmarks.md). Here a transaction only schedules
 * the selector in a task of its own — the browser renders the pending frame first after an input
 * event — and the resulting state change is a React transition, which yields to input and paint.
 * The toolbar then shows the new state one frame later, which nobody can see.
 */
import type { Editor } from '@tiptap/core';
import { startTransition, useEffect, useState } from 'react';

/**
 * `select(editor)`, recomputed a task after each transaction; `equal` keeps the previous value
 * (and skips the render) when nothing changed. `select` and `equal` must be stable.
 */
export function useDeferredEditorState<T>(
  editor: Editor,
  select: (editor: Editor) => T,
  equal: (a: T, b: T) => boolean,
): T {
  const [value, setValue] = useState(() => select(editor));
  useEffect(() => {
    let last = select(editor);
    setValue(last);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const recompute = (): void => {
      timer = undefined;
      if (editor.isDestroyed) return;
      const next = select(editor);
      if (equal(next, last)) return;
      last = next;
      startTransition(() => setValue(next));
    };
    // One recompute per burst: a remote update can bring many transactions in one task.
    const onTransaction = (): void => {
      timer ??= setTimeout(recompute, 0);
    };
    editor.on('transaction', onTransaction);
    return () => {
      editor.off('transaction', onTransaction);
      clearTimeout(timer);
    };
  }, [editor, select, equal]);
  return value;
}
