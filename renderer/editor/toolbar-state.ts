/**
 * The toolbar's button states, recomputed only when they can change. The toolbar's selector runs
 * after every transaction, remote ones included, and each `editor.can()` builds every
 * command of the editor: with ten people typing, the toolbar alone took a third of the page's
 * time per keystroke (`npm run bench:client`, docs/benchmarks.md). A button's state depends on
 * where the selection sits (the blocks around it and the offsets in them), the stored marks,
 * whether the editor is editable and the undo stacks — all unchanged by a remote edit elsewhere —
 * so those are the cache key. Where the selection sits is its path of node types and child
 * indexes, not its absolute positions, which shift whenever someone types above it. Blocks are
 * compared by content (`Node.eq`, cheap for one block): y-tiptap rebuilds node objects on every
 * remote update, so identity would always differ.
 */
import type { Editor } from '@tiptap/core';
import type { Node, ResolvedPos } from '@tiptap/pm/model';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { TOOLBAR_ACTIONS } from './toolbar-actions.js';

/** One button's state. */
export interface ButtonState {
  readonly active: boolean | undefined;
  readonly enabled: boolean;
}

/** A position as the ancestors' types and child indexes, then the offset in its block. */
function placeOf(pos: ResolvedPos): string {
  const path: string[] = [];
  for (let depth = 0; depth <= pos.depth; depth++) {
    path.push(`${pos.node(depth).type.name}:${pos.index(depth)}`);
  }
  return `${path.join('/')}@${pos.parentOffset}`;
}

/** What the states depend on: blocks by content, the rest by value or identity. */
function stateKey(editor: Editor): readonly unknown[] {
  const { selection, storedMarks } = editor.state;
  const undo = yUndoPluginKey.getState(editor.state)?.undoManager as
    { undoStack: unknown[]; redoStack: unknown[] } | undefined;
  return [
    (selection.toJSON() as { type: string }).type,
    placeOf(selection.$from),
    placeOf(selection.$to),
    selection.$from.parent,
    selection.$to.parent,
    selection.$from
      .marks()
      .map((mark) => mark.type.name)
      .join(' '),
    storedMarks,
    editor.isEditable,
    undo?.undoStack.length,
    undo?.redoStack.length,
  ];
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  const isNode = (value: unknown): value is Node =>
    typeof value === 'object' && value !== null && 'eq' in value && 'nodeSize' in value;
  return isNode(a) && isNode(b) && a.eq(b);
}

/** True when two lists of button states show the same toolbar. */
export function sameStates(a: readonly ButtonState[], b: readonly ButtonState[]): boolean {
  return (
    a === b ||
    (a.length === b.length &&
      a.every((state, i) => state.active === b[i]?.active && state.enabled === b[i]?.enabled))
  );
}

/** A toolbar-state selector that reuses its last result while the key is unchanged. */
export function cachedToolbarStates(): (editor: Editor) => ButtonState[] {
  let key: readonly unknown[] | null = null;
  let states: ButtonState[] = [];
  return (editor) => {
    const next = stateKey(editor);
    if (key !== null && next.every((part, i) => same(part, key![i]))) return states;
    key = next;
    states = TOOLBAR_ACTIONS.map((action) => ({
      active: action.active?.(editor),
      enabled: action.enabled(editor),
    }));
    return states;
  };
}
