/**
 * The formatting toolbar: an ARIA toolbar with one tab stop (roving tabindex; arrows, Home and
 * End move between buttons, across its groups; Escape returns to the text), plus the link form.
 * Buttons show an icon; their names, and the shortcuts in their tooltips, are the labels'. Alt+F10 in the
 * text comes here (see `EditorPage`), as in most word processors. On a narrow window the
 * history and text-style buttons and the link stay, and the rest moves to a "Plus" menu
 * (`ToolbarMoreMenu`), so the toolbar keeps to one line at 360 px.
 */
import type { Editor } from '@tiptap/core';
import { Link } from 'lucide-react';
import { forwardRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { LinkForm } from './LinkForm.js';
import { ToolbarMoreMenu } from './ToolbarMoreMenu.js';
import { useMediaQuery } from './use-media-query.js';
import { ariaShortcut, shortcutText } from './shortcut-text.js';
import { TOOLBAR_ACTIONS, TOOLBAR_GROUPS, type ToolbarAction } from './toolbar-actions.js';
import { cachedToolbarStates, sameStates, type ButtonState } from './toolbar-state.js';
import { useDeferredEditorState } from './use-deferred-editor-state.js';

const isLinkActive = (editor: Editor): boolean => editor.isActive('link');

/** Below this width the toolbar keeps history and text style, the rest goes to "Plus". */
export const NARROW_TOOLBAR_QUERY = '(max-width: 47.99rem)';
const INLINE_WHEN_NARROW: ReadonlySet<string> = new Set(['undo', 'redo', 'bold', 'italic']);

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
  const narrow = useMediaQuery(NARROW_TOOLBAR_QUERY);
  const placed = TOOLBAR_ACTIONS.map((action, index) => ({ action, index }));
  const shown = narrow ? placed.filter(({ action }) => INLINE_WHEN_NARROW.has(action.id)) : placed;
  const more = narrow ? placed.filter(({ action }) => !INLINE_WHEN_NARROW.has(action.id)) : [];
  // The roving stops, in order: the buttons shown, the link, then "Plus" on a narrow window.
  const linkStop = shown.length;
  const count = shown.length + 1 + (narrow ? 1 : 0);
  const stop = Math.min(focusIndex, count - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const moves: Record<string, number> = {
      ArrowRight: stop + 1,
      ArrowLeft: stop - 1,
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
    event.currentTarget.querySelectorAll<HTMLButtonElement>('[data-roving]')[next]?.focus();
  };

  const renderAction = (action: ToolbarAction, i: number, at: number) => {
    const state = states[i];
    const label = t(action.label);
    return (
      <button
        key={action.id}
        type="button"
        data-action={action.id}
        data-roving=""
        tabIndex={at === stop ? 0 : -1}
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
        onFocus={() => setFocusIndex(at)}
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
        {TOOLBAR_GROUPS.map((group) =>
          shown.some(({ action }) => action.group === group) ? (
            <div
              key={group}
              role="group"
              aria-label={t(`editor.group.${group}` as const)}
              className="toolbar-group"
            >
              {shown.map(({ action, index }, at) =>
                action.group === group ? renderAction(action, index, at) : null,
              )}
            </div>
          ) : null,
        )}
        <div role="group" aria-label={t('editor.group.link')} className="toolbar-group">
          <button
            type="button"
            data-action="link"
            data-roving=""
            tabIndex={stop === linkStop ? 0 : -1}
            aria-pressed={linkActive}
            aria-expanded={linkOpen}
            title={`${t('editor.link')} (Ctrl+K)`}
            onFocus={() => setFocusIndex(linkStop)}
            onClick={() => setLinkOpen((open) => !open)}
          >
            <Link aria-hidden="true" size={18} />
            {/* The word too: of all the buttons, the one a newcomer looks for by name. */}
            <span className={narrow ? 'visually-hidden' : undefined}>{t('editor.link')}</span>
          </button>
        </div>
        {narrow ? (
          <div className="toolbar-group">
            <ToolbarMoreMenu
              editor={editor}
              items={more.map(({ action, index }) => ({ action, state: states[index] }))}
              tabIndex={stop === count - 1 ? 0 : -1}
              onFocus={() => setFocusIndex(count - 1)}
            />
          </div>
        ) : null}
      </div>
      {linkOpen ? <LinkForm editor={editor} onDone={() => setLinkOpen(false)} /> : null}
    </>
  );
});
