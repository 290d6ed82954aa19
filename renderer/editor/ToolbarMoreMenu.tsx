/**
 * "Plus": on a narrow window, the toolbar's actions that do not fit, in a menu (ARIA menu
 * button pattern). The button is one stop of the toolbar's roving tabindex; the menu opens
 * with its first item focused, arrows, Home and End move inside it (the toolbar's own arrows
 * are not involved), Escape closes it and returns to the button, Tab or a click elsewhere
 * closes it. Toggle actions are `menuitemcheckbox`es with their state.
 */
import type { Editor } from '@tiptap/core';
import { Ellipsis } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { shortcutText } from './shortcut-text.js';
import type { ToolbarAction } from './toolbar-actions.js';
import type { ButtonState } from './toolbar-state.js';

/** Props of {@link ToolbarMoreMenu}. */
export interface ToolbarMoreMenuProps {
  readonly editor: Editor;
  /** The actions in the menu, each with its state. */
  readonly items: ReadonlyArray<{ readonly action: ToolbarAction; readonly state?: ButtonState }>;
  /** The button's tabindex (roving, decided by the toolbar). */
  readonly tabIndex: number;
  /** Tells the toolbar the button has focus. */
  readonly onFocus: () => void;
}

/** The "Plus" button and its menu. */
export function ToolbarMoreMenu({ editor, items, tabIndex, onFocus }: ToolbarMoreMenuProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const entries = () => [
    ...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []),
  ];

  useEffect(() => {
    if (open) entries()[0]?.focus();
  }, [open]);

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const all = entries();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: all.length - 1,
    };
    if (event.key === 'Tab') {
      setOpen(false);
      return;
    }
    // The toolbar around must not take these keys as its own.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
      return;
    }
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    all[(target + all.length) % all.length]?.focus();
  };

  return (
    <div
      className="toolbar-more"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null))
          setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        data-action="more"
        data-roving=""
        tabIndex={tabIndex}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        title={t('editor.more.title')}
        onFocus={onFocus}
        onClick={() => setOpen((was) => !was)}
      >
        <Ellipsis aria-hidden="true" size={18} />
        <span>{t('editor.more')}</span>
      </button>
      {open ? (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-label={t('editor.more.title')}
          className="toolbar-menu"
          onKeyDown={onMenuKeyDown}
        >
          {items.map(({ action, state }) => (
            <li key={action.id} role="none">
              <button
                type="button"
                role={action.active === undefined ? 'menuitem' : 'menuitemcheckbox'}
                aria-checked={action.active === undefined ? undefined : state?.active === true}
                aria-disabled={state?.enabled === false}
                tabIndex={-1}
                data-action={action.id}
                onClick={() => {
                  if (state?.enabled === false) return;
                  setOpen(false);
                  action.run(editor);
                }}
              >
                <action.icon aria-hidden="true" size={18} />
                <span className="toolbar-menu-label">{t(action.label)}</span>
                {action.shortcut === undefined ? null : (
                  <kbd aria-hidden="true">{shortcutText(action.shortcut, locale)}</kbd>
                )}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
