/**
 * The editor's extensions, in one place so the schema the editor uses is the one the templates
 * are checked against (`tests/schema/templates.test.ts`: StarterKit + TableKit), with the link
 * mark reduced to a validated `href` (`safe-link.ts`).
 */
import { getSchema, type Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/schema/doc-schema.js';
import { orgColor } from '../committee/org-color.js';
import { ArticleNumbering } from './article-numbering.js';
import { knownContentOf, type KnownContent } from './read-only-view.js';
import { remoteChangesOnly } from './remote-awareness.js';
import { RemoteChanges } from './remote-changes.js';
import { SafeLink } from './safe-link.js';
import { UnshownBlock, UnshownInline } from './unshown-content.js';

/** Presence in a committee document: the connection's awareness and this user. */
export interface CaretOptions {
  /** The relay connection's awareness. */
  readonly awareness: Awareness;
  /** This user's name and organisation (the relay rewrites them from the token anyway). */
  readonly user: { readonly name: string; readonly org: string };
}

/** What a remote caret shows: read from the relay-rewritten awareness state, never trusted. */
function remoteUser(user: Record<string, unknown>): { name: string; org: string } {
  return {
    name: typeof user.name === 'string' ? user.name : '?',
    org: typeof user.org === 'string' ? user.org : '',
  };
}

/** A remote caret: a bar in the organisation's colour and a label "Name (Org)". */
function renderCaret(raw: Record<string, unknown>): HTMLElement {
  const { name, org } = remoteUser(raw);
  const color = orgColor(org);
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = color;
  label.textContent = org === '' ? name : `${name} (${org})`;
  caret.append(label);
  return caret;
}
/** What decides the editor's schema. */
export interface SchemaOptions {
  /**
   * A reader's view (`read-only-view.ts`): the schema also has the placeholders for content this
   * version cannot show, which show this text. Unset for writers.
   */
  readonly unshownLabel?: string;
}

/** Options of {@link editorExtensions}. */
export interface EditorExtensionOptions extends SchemaOptions {
  /** The document to edit (for a reader, their view copy). */
  readonly doc: Y.Doc;
  /** Show article numbers (charters and conventions). */
  readonly numbered: boolean;
  /** Other people's carets (committee documents), or undefined. */
  readonly carets?: CaretOptions;
  /** Opens a link's checked address outside the app; unset: links are not followed. */
  readonly openLink?: (href: string) => void;
}

/** The extensions that make the schema: nodes and marks, and how they parse and render. */
function schemaExtensions(options: SchemaOptions & Pick<EditorExtensionOptions, 'openLink'>) {
  return [
    StarterKit.configure({
      // Collaboration brings a Yjs-aware undo manager; ProseMirror's history would undo other
      // people's changes.
      undoRedo: false,
      // Replaced by SafeLink: the stock mark renders whatever attributes the document stores.
      link: false,
    }),
    SafeLink.configure({ openLink: options.openLink ?? null }),
    // Column resizing would write widths into the shared document on every drag. No node view
    // (`View: null`, the table is drawn from its schema): Tiptap hands ProseMirror a new set of
    // node views when the editor's content mounts, and any node view at all then makes
    // ProseMirror redraw the whole document — a second full render of every open.
    TableKit.configure({ table: { resizable: false, View: null } }),
    ...(options.unshownLabel === undefined
      ? []
      : [
          UnshownBlock.configure({ label: options.unshownLabel }),
          UnshownInline.configure({ label: options.unshownLabel }),
        ]),
  ];
}

/** What a reader's editor can show, by name: for `openReadOnlyView`. */
export function readerKnownContent(): KnownContent {
  return knownContentOf(getSchema(schemaExtensions({ unshownLabel: '' })));
}

/** Extensions for a document. */
export function editorExtensions(options: EditorExtensionOptions): Extensions {
  return [
    ...schemaExtensions(options),
    Collaboration.configure({ document: options.doc, field: CONTENT_FIELD }),
    RemoteChanges,
    ...(options.numbered ? [ArticleNumbering] : []),
    ...(options.carets === undefined
      ? []
      : [
          CollaborationCaret.configure({
            provider: { awareness: remoteChangesOnly(options.carets.awareness) },
            user: { ...options.carets.user, color: orgColor(options.carets.user.org) },
            render: renderCaret,
            selectionRender: (raw) => ({
              class: 'collaboration-carets__selection',
              // 8-digit hex: the organisation's colour at 20 % opacity.
              style: `background-color: ${orgColor(remoteUser(raw).org)}33`,
            }),
          }),
        ]),
  ];
}
