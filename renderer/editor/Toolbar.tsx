/**
 * The formatting toolbar: an ARIA toolbar with one tab stop (roving tabindex; arrows, Home and
 * End move between buttons, across its groups; Escape returns to the text), plus the link form.
 * Buttons show an icon; their names, and the shortcuts in their tooltips, are the labels'. Alt+F10 in the
 * text comes here (see `EditorPage`), as in most word processors.
 */
import type { Editor } from '@tiptap/core';
import { Link } from 'lucide-react';
import { forwardRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { LinkForm } from './LinkForm.js';
import { ariaShortcut, shortcutText } from './shortcut-text.js';
import { TOOLBAR_ACTIONS, TOOLBAR_GROUPS, type ToolbarAction } from './toolbar-actions.js';
import { cachedToolbarStates, sameStates, type ButtonState } from './toolbar-state.js';
import { useDeferredEditorState } from './use-deferred-editor-state.js';

const isLinkActive = (editor: Editor): boolean => editor.isActive('link');

/** The toolbar of `editor`; the ref points at the toolbar element. */
export const Toolbar = forwardRef<HTMLDivElement, { readonly editor: Editor }>(function Toolbar(
  { editor },
  ref,
) {
  const { t, locale } = useI18n();
  const [focusIndex, setFocusIndex] = useState(0);
  const [linkOpen, setLinkOpen] = useState(false);
  const [selectStates] = useState(cachedToolbarStates);
  const states: readonly ButtonState[] = useDeferredEditorState(editor, selectStates, sameStates);
  const linkActive = useDeferredEditorState(editor, isLinkActive, Object.is);
  const count = TOOLBAR_ACTIONS.length + 1; // + the link button

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = {
      ArrowRight: focusIndex + 1,
      ArrowLeft: focusIndex - 1,
      Home: 0,
      End: count - 1,
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      editor.commands.focus();
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + count) % count;
    setFocusIndex(next);
    event.currentTarget.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };

  const renderAction = (action: ToolbarAction, i: number) => {
    const state = states[i];
    const label = t(action.label);
    return (
      <button
        key={action.id}
        type="button"
        data-action={action.id}
        tabIndex={i === focusIndex ? 0 : -1}
        aria-label={label}
        aria-pressed={state?.active}
        aria-keyshortcuts={
          action.shortcut === undefined ? undefined : ariaShortcut(action.shortcut)
        }
        title={
          action.shortcut === undefined
            ? label
            : `${label} (${shortcutText(action.shortcut, locale)})`
        }
        // aria-disabled keeps the button focusable, so arrows never skip over it.
        aria-disabled={state?.enabled === false}
        onFocus={() => setFocusIndex(i)}
        onClick={() => {
          if (state?.enabled !== false) action.run(editor);
        }}
      >
        <action.icon aria-hidden="true" size={18} />
      </button>
    );
  };

  return (
    <>
      <div
        ref={ref}
        role="toolbar"
        aria-label={t('editor.toolbar')}
        aria-controls="document-text"
        className="toolbar"
        onKeyDown={onKeyDown}
      >
        {TOOLBAR_GROUPS.map((group) => (
          <div
            key={group}
            role="group"
            aria-label={t(`editor.group.${group}` as const)}
            className="toolbar-group"
          >
            {TOOLBAR_ACTIONS.map((action, i) =>
              action.group === group ? renderAction(action, i) : null,
            )}
          </div>
        ))}
        <div role="group" aria-label={t('editor.group.link')} className="toolbar-group">
          <button
            type="button"
            data-action="link"
            tabIndex={focusIndex === count - 1 ? 0 : -1}
            aria-pressed={linkActive}
            aria-expanded={linkOpen}
            title={`${t('editor.link')} (Ctrl+K)`}
            onFocus={() => setFocusIndex(count - 1)}
            onClick={() => setLinkOpen((open) => !open)}
          >
            <Link aria-hidden="true" size={18} />
            {/* The word too: of all the buttons, the one a newcomer looks for by name. */}
            <span>{t('editor.link')}</span>
          </button>
        </div>
      </div>
      {linkOpen ? <LinkForm editor={editor} onDone={() => setLinkOpen(false)} /> : null}
    </>
  );
});
