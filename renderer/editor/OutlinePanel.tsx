/**
 * The outline beside the text: the document's parts and numbered articles, as the text shows
 * them, following every edit (one's own and others'), the one the caret is in marked as the
 * current location. Choosing an entry brings its heading into view and, in an editable
 * document, puts the caret at its start, so a member goes to "Article 12" in one step.
 *
 * A disclosure (`<details>`): open by default on wide windows, where it is a column of its
 * own, and folded on narrow ones, where it sits above the text.
 */
import type { Editor } from '@tiptap/core';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { headingPosition, outlineOf, sameOutline, type Outline } from './outline.js';
import { useDeferredEditorState } from './use-deferred-editor-state.js';

/** Width from which the outline starts open (it then has a column of its own; see app.css). */
export const OUTLINE_OPEN_QUERY = '(min-width: 80rem)';

/** Props of {@link OutlinePanel}. */
export interface OutlinePanelProps {
  readonly editor: Editor;
  /** Article numbers shown (charters and conventions). */
  readonly numbered: boolean;
}

/** Brings the `index`-th heading into view; in an editable text, the caret goes to its start. */
export function jumpToHeading(editor: Editor, index: number): void {
  const pos = headingPosition(editor.state.doc, index);
  if (pos === null) return;
  if (editor.isEditable)
    editor
      .chain()
      .focus()
      .setTextSelection(pos + 1)
      .run();
  const dom = editor.view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' });
}

/** The outline of `editor`'s document. */
export function OutlinePanel({ editor, numbered }: OutlinePanelProps) {
  const { t } = useI18n();
  const select = useMemo(
    () =>
      (e: Editor): Outline =>
        outlineOf(e.state.doc, e.state.selection.from, numbered),
    [numbered],
  );
  const outline = useDeferredEditorState(editor, select, sameOutline);
  const [open, setOpen] = useState(() => window.matchMedia(OUTLINE_OPEN_QUERY).matches);

  return (
    <details
      className="outline"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      data-outline-entries={outline.entries.length}
    >
      <summary>
        <span className="outline-title">{t('editor.outline.title')}</span>{' '}
        <span className="muted">({outline.entries.length})</span>
      </summary>
      <nav aria-label={t('editor.outline.title')}>
        {outline.entries.length === 0 ? (
          <p className="muted outline-empty">{t('editor.outline.empty')}</p>
        ) : (
          <ol className="outline-list">
            {outline.entries.map((entry, i) => (
              <li key={i} className={`outline-level-${entry.level}`}>
                <button
                  type="button"
                  className="outline-entry"
                  aria-current={i === outline.current ? 'location' : undefined}
                  onClick={() => jumpToHeading(editor, i)}
                >
                  {entry.label === '' ? t('editor.outline.untitled') : entry.label}
                </button>
              </li>
            ))}
          </ol>
        )}
      </nav>
    </details>
  );
}
