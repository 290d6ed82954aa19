/**
 * The formatting actions of the toolbar: label key, state, command. Kept apart from the
 * component so the list reads as a table and the component stays about focus and rendering.
 */
import type { Editor } from '@tiptap/core';
import {
  BetweenHorizontalEnd,
  Bold,
  Heading1,
  Heading2,
  Heading3,
  Italic,
  List,
  ListOrdered,
  Pilcrow,
  Redo2,
  Table,
  Undo2,
  type LucideIcon,
} from 'lucide-react';
import type { MessageKey } from '../i18n/translator.js';

/** The toolbar's groups, in display order; each is labelled for assistive technology. */
export const TOOLBAR_GROUPS = ['history', 'text', 'block', 'lists', 'table'] as const;
export type ToolbarGroup = (typeof TOOLBAR_GROUPS)[number];

/** One toolbar button. */
export interface ToolbarAction {
  /** Stable id, also the `data-action` attribute tests and styles use. */
  readonly id: string;
  /** Accessible name. */
  readonly label: MessageKey;
  /** Its group on the toolbar. */
  readonly group: ToolbarGroup;
  /** The icon shown (hidden from assistive technology, which reads `label`). */
  readonly icon: LucideIcon;
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

const HEADING_ICONS = { 1: Heading1, 2: Heading2, 3: Heading3 } as const;

/** The toolbar, in display order. */
export const TOOLBAR_ACTIONS: readonly ToolbarAction[] = [
  {
    id: 'undo',
    label: 'editor.undo',
    group: 'history',
    icon: Undo2,
    shortcut: 'Ctrl+Z',
    enabled: (e) => e.can().undo(),
    run: (e) => chain(e).undo().run(),
  },
  {
    id: 'redo',
    label: 'editor.redo',
    group: 'history',
    icon: Redo2,
    shortcut: 'Ctrl+Maj+Z',
    enabled: (e) => e.can().redo(),
    run: (e) => chain(e).redo().run(),
  },
  {
    id: 'bold',
    label: 'editor.bold',
    group: 'text',
    icon: Bold,
    shortcut: 'Ctrl+B',
    active: (e) => e.isActive('bold'),
    enabled: (e) => e.can().toggleBold(),
    run: (e) => chain(e).toggleBold().run(),
  },
  {
    id: 'italic',
    label: 'editor.italic',
    group: 'text',
    icon: Italic,
    shortcut: 'Ctrl+I',
    active: (e) => e.isActive('italic'),
    enabled: (e) => e.can().toggleItalic(),
    run: (e) => chain(e).toggleItalic().run(),
  },
  {
    id: 'paragraph',
    label: 'editor.paragraph',
    group: 'block',
    icon: Pilcrow,
    shortcut: 'Ctrl+Alt+0',
    active: (e) => e.isActive('paragraph'),
    enabled: (e) => e.can().setParagraph(),
    run: (e) => chain(e).setParagraph().run(),
  },
  ...([1, 2, 3] as const).map((level): ToolbarAction => ({
    id: `heading${level}`,
    label: `editor.heading${level}`,
    group: 'block',
    icon: HEADING_ICONS[level],
    shortcut: `Ctrl+Alt+${level}`,
    active: (e) => e.isActive('heading', { level }),
    enabled: (e) => e.can().toggleHeading({ level }),
    run: (e) => chain(e).toggleHeading({ level }).run(),
  })),
  {
    id: 'bulletList',
    label: 'editor.bulletList',
    group: 'lists',
    icon: List,
    shortcut: 'Ctrl+Maj+8',
    active: (e) => e.isActive('bulletList'),
    enabled: (e) => e.can().toggleBulletList(),
    run: (e) => chain(e).toggleBulletList().run(),
  },
  {
    id: 'orderedList',
    label: 'editor.orderedList',
    group: 'lists',
    icon: ListOrdered,
    shortcut: 'Ctrl+Maj+7',
    active: (e) => e.isActive('orderedList'),
    enabled: (e) => e.can().toggleOrderedList(),
    run: (e) => chain(e).toggleOrderedList().run(),
  },
  {
    id: 'insertTable',
    label: 'editor.insertTable',
    group: 'table',
    icon: Table,
    enabled: (e) => e.can().insertTable({ rows: 3, cols: 3, withHeaderRow: true }),
    run: (e) => chain(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  {
    id: 'addRow',
    label: 'editor.addRow',
    group: 'table',
    icon: BetweenHorizontalEnd,
    enabled: (e) => e.can().addRowAfter(),
    run: (e) => chain(e).addRowAfter().run(),
  },
];
