/**
 * The editor's extensions, in one place so the schema the editor uses is the one the templates
 * are checked against (`tests/schema/templates.test.ts`: StarterKit + TableKit).
 */
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import type * as Y from 'yjs';
import { CONTENT_FIELD } from '../../shared/schema/doc-schema.js';
import { ArticleNumbering } from './article-numbering.js';

/** Options of {@link editorExtensions}. */
export interface EditorExtensionOptions {
  /** The document to edit. */
  readonly doc: Y.Doc;
  /** Show article numbers (charters and conventions). */
  readonly numbered: boolean;
}

/** Extensions for a document. */
export function editorExtensions(options: EditorExtensionOptions): Extensions {
  return [
    StarterKit.configure({
      // Collaboration brings a Yjs-aware undo manager; ProseMirror's history would undo other
      // people's changes.
      undoRedo: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        // Same rule as openExternal: a javascript: or file: link must never enter a document.
        isAllowedUri: (url) => /^(https:|mailto:)/i.test(url),
      },
    }),
    // Column resizing would write widths into the shared document on every drag.
    TableKit.configure({ table: { resizable: false } }),
    Collaboration.configure({ document: options.doc, field: CONTENT_FIELD }),
    ...(options.numbered ? [ArticleNumbering] : []),
  ];
}
