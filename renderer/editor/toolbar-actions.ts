/**
 * The formatting actions of the toolbar: label key, state, command. Kept apart from the
 * component so the list reads as a table and the component stays about focus and rendering.
 */
import type { Editor } from '@tiptap/core';
import type { MessageKey } from '../i18n/translator.js';

/** One toolbar button. */
export interface ToolbarAction {
  /** Stable id, also the `data-action` attribute tests and styles use. */
  readonly id: string;
  /** Accessible name. */
  readonly label: MessageKey;
  /** Short visible text (symbols are hidden from assistive technology). */
  readonly glyph: string;
  /** Keyboard shortcut shown in the tooltip, when there is one. */
  readonly shortcut?: string;
  /** Toggle state, for `aria-pressed`; undefined for plain actions. */
  readonly active?: (editor: Editor) => boolean;
  /** Whether the action can run now. */
  readonly enabled: (editor: Editor) => boolean;
  /** Runs the action. */
  readonly run: (editor: Editor) => void;
}

const chain = (editor: Editor) => editor.chain().focus();

/** The toolbar, in display order. */
export const TOOLBAR_ACTIONS: readonly ToolbarAction[] = [
  {
    id: 'undo',
    label: 'editor.undo',
    glyph: '↶',
    shortcut: 'Ctrl+Z',
    enabled: (e) => e.can().undo(),
    run: (e) => chain(e).undo().run(),
  },
  {
    id: 'redo',
    label: 'editor.redo',
    glyph: '↷',
    shortcut: 'Ctrl+Maj+Z',
    enabled: (e) => e.can().redo(),
    run: (e) => chain(e).redo().run(),
  },
  {
    id: 'bold',
    label: 'editor.bold',
    glyph: 'G',
    shortcut: 'Ctrl+B',
    active: (e) => e.isActive('bold'),
    enabled: (e) => e.can().toggleBold(),
    run: (e) => chain(e).toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'editor.italic',
    glyph: 'I',
    shortcut: 'Ctrl+I',
    active: (e) => e.isActive('italic'),
    enabled: (e) => e.can().toggleItalic(),
    run: (e) => chain(e).toggleItalic().run(),
  },
  {
    id: 'paragraph',
    label: 'editor.paragraph',
    glyph: '¶',
    shortcut: 'Ctrl+Alt+0',
    active: (e) => e.isActive('paragraph'),
    enabled: (e) => e.can().setParagraph(),
    run: (e) => chain(e).setParagraph().run(),
  },
  ...([1, 2, 3] as const).map((level): ToolbarAction => ({
    id: `heading${level}`,
    label: `editor.heading${level}`,
    glyph: `T${level}`,
    shortcut: `Ctrl+Alt+${level}`,
    active: (e) => e.isActive('heading', { level }),
    enabled: (e) => e.can().toggleHeading({ level }),
    run: (e) => chain(e).toggleHeading({ level }).run(),
  })),
  {
    id: 'bulletList',
    label: 'editor.bulletList',
    glyph: '•',
    shortcut: 'Ctrl+Maj+8',
    active: (e) => e.isActive('bulletList'),
    enabled: (e) => e.can().toggleBulletList(),
    run: (e) => chain(e).toggleBulletList().run(),
  },
  {
    id: 'orderedList',
    label: 'editor.orderedList',
    glyph: '1.',
    shortcut: 'Ctrl+Maj+7',
    active: (e) => e.isActive('orderedList'),
    enabled: (e) => e.can().toggleOrderedList(),
    run: (e) => chain(e).toggleOrderedList().run(),
  },
  {
    id: 'insertTable',
    label: 'editor.insertTable',
    glyph: '▦',
    enabled: (e) => e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    run: (e) => chain(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  {
    id: 'addRow',
    label: 'editor.addRow',
    glyph: '+▤',
    enabled: (e) => e.can().addRowAfter(),
    run: (e) => chain(e).addRowAfter().run(),
  },
];
