/**
 * The Tiptap editor over a document's `content` fragment. Edits go straight into the `Y.Doc`
 * (Collaboration), which `renderer/documents/` persists; this component knows nothing of storage.
 * A reader's editor is given their view copy (`read-only-view.ts`) instead, and `unshownLabel`
 * for the placeholders of what it cannot show. The outline of its headings sits beside the text
 * (`OutlinePanel`).
 */
import { EditorContent, useEditor } from '@tiptap/react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/i18n-context.js';
import { editorExtensions, type CaretOptions } from './extensions.js';
import { OutlinePanel } from './OutlinePanel.js';
import { Toolbar } from './Toolbar.js';

/** Props of {@link DocumentEditor}. */
export interface DocumentEditorProps {
  /** The document to edit. */
  readonly doc: Y.Doc;
  /** Its title, for the text area's accessible name. */
  readonly title: string;
  /** Show article numbers (charters and conventions). */
  readonly numbered: boolean;
  /** Read-only: no toolbar, no editing (reviewers and observers). */
  readonly readOnly: boolean;
  /** Other people's carets (committee documents); keep the object stable. */
  readonly carets?: CaretOptions;
  /** A reader's view copy: the text of the placeholders for content it cannot show. */
  readonly unshownLabel?: string;
  /** Opens a link outside the app; resolves false when the shell refused it. Keep it stable. */
  readonly openLink?: (href: string) => Promise<boolean>;
}

/**
 * Editor for one document. Memoised: the page around it re-renders on save and sync states,
 * which change with every keystroke and must not re-render the editor and its toolbar.
 */
export const DocumentEditor = memo(function DocumentEditor({
  doc,
  title,
  numbered,
  readOnly,
  carets,
  unshownLabel,
  openLink,
}: DocumentEditorProps) {
  const { t } = useI18n();
  const toolbarRef = useRef<HTMLDivElement>(null);
  // The address of the last link the shell would not open (an http:// one), for the status line.
  const [refusedLink, setRefusedLink] = useState<string | null>(null);
  const follow = useMemo(
    () =>
      openLink === undefined
        ? undefined
        : (href: string): void => {
            setRefusedLink(null);
            openLink(href).then(
              (opened) => setRefusedLink(opened ? null : href),
              () => setRefusedLink(href),
            );
          },
    [openLink],
  );
  const label = t('editor.contentLabel', { title });
  const attributes = useMemo(
    () => ({
      id: 'document-text',
      class: 'document-text',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': label,
      // aria-readonly tells assistive technology why typing does nothing.
      'aria-readonly': String(readOnly),
      // The document is French whatever the interface language: spell-check and voices.
      lang: 'fr',
    }),
    [label, readOnly],
  );
  const editor = useEditor(
    {
      extensions: editorExtensions({ doc, numbered, carets, unshownLabel, openLink: follow }),
      editable: !readOnly,
      // The CSP forbids <style> elements: Tiptap's base CSS is bundled in styles/editor.css.
      injectCSS: false,
      editorProps: { attributes },
    },
    [doc, numbered, carets, unshownLabel, follow],
  );

  // A new editor starts with the current attributes; later changes (read-only, language, title) are
  // applied to it. Only then: each call makes ProseMirror update the view, which on a long
  // document costs as much as its first render.
  const applied = useRef({ editor, attributes });
  useEffect(() => {
    const last = applied.current;
    if (last.editor === editor && last.attributes === attributes) return;
    applied.current = { editor, attributes };
    if (last.editor === editor) {
      editor.setEditable(!readOnly);
      editor.setOptions({ editorProps: { attributes } });
    }
  }, [editor, attributes, readOnly]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (readOnly) return;
    if (event.altKey && event.key === 'F10') {
      event.preventDefault();
      toolbarRef.current?.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus();
    } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      toolbarRef.current?.querySelector<HTMLButtonElement>('[data-action="link"]')?.click();
    }
  };

  return (
    <div className="editor">
      {readOnly ? <p className="badge">{t('editor.readOnly')}</p> : null}
      <div className="editor-body">
        <OutlinePanel editor={editor} numbered={numbered} />
        <div className="editor-main" onKeyDown={onKeyDown}>
          {readOnly ? null : <Toolbar ref={toolbarRef} editor={editor} />}
          <EditorContent editor={editor} className="editor-content" />
          <p role="status" className="link-refused">
            {refusedLink === null ? null : t('editor.linkRefused', { href: refusedLink })}
          </p>
        </div>
      </div>
    </div>
  );
});
