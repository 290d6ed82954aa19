/**
 * The keyboard shortcuts, in a modal dialog opened with `?` (anywhere but in a text field or the
 * document's text, where `?` is typed) or from the header. The editor's shortcuts are read from
 * the toolbar's own table (`toolbar-actions.ts`), so the dialog cannot drift from the buttons.
 * Escape or "Fermer" closes it; the browser gives focus back to where it was.
 */
import { useEffect, useId, useRef } from 'react';
import { shortcutText } from '../editor/shortcut-text.js';
import { TOOLBAR_ACTIONS } from '../editor/toolbar-actions.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/translator.js';

/** The shortcuts that are not a toolbar button's. */
const OTHER_SHORTCUTS: ReadonlyArray<{
  readonly section: 'text' | 'toolbar' | 'anywhere';
  readonly keys: string;
  readonly label: MessageKey;
}> = [
  { section: 'text', keys: 'Ctrl+K', label: 'editor.link' },
  { section: 'text', keys: 'Alt+F10', label: 'shortcuts.toToolbar' },
  { section: 'toolbar', keys: '← →', label: 'shortcuts.toolbarMove' },
  { section: 'toolbar', keys: 'Début / Fin', label: 'shortcuts.toolbarEnds' },
  { section: 'toolbar', keys: 'Échap', label: 'shortcuts.toText' },
  { section: 'anywhere', keys: '?', label: 'shortcuts.open' },
];

/** True when `?` typed at `target` is text (a field, the document), not a shortcut. */
export function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** The dialog; mounted while open. */
export function ShortcutsDialog({ onClose }: { readonly onClose: () => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);
  const keys = (k: string): string => shortcutText(k, locale);
  const rows = {
    text: [
      ...TOOLBAR_ACTIONS.filter((a) => a.shortcut !== undefined).map((a) => ({
        keys: a.shortcut!,
        label: a.label,
      })),
      ...OTHER_SHORTCUTS.filter((s) => s.section === 'text'),
    ],
    toolbar: OTHER_SHORTCUTS.filter((s) => s.section === 'toolbar'),
    anywhere: OTHER_SHORTCUTS.filter((s) => s.section === 'anywhere'),
  };
  return (
    <dialog
      ref={dialogRef}
      className="shortcuts-dialog"
      aria-labelledby={`${id}-title`}
      data-shortcuts-dialog=""
      onClose={onClose}
    >
      <h2 id={`${id}-title`}>{t('shortcuts.title')}</h2>
      {(['text', 'toolbar', 'anywhere'] as const).map((section) => (
        <table key={section} className="shortcuts-table">
          <caption>{t(`shortcuts.section.${section}`)}</caption>
          <tbody>
            {rows[section].map((row) => (
              <tr key={`${row.keys}-${row.label}`}>
                <th scope="row">{t(row.label)}</th>
                <td>
                  <kbd>{keys(row.keys)}</kbd>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <div className="dialog-actions">
        <button type="button" className="primary" autoFocus onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
    </dialog>
  );
}
