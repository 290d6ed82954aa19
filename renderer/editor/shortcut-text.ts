/**
 * Shortcuts are written once, the French way (`toolbar-actions.ts`: "Ctrl+Maj+Z", "Échap");
 * this gives the English interface its own key names. `aria-keyshortcuts` has its own syntax
 * (`ariaShortcut`).
 */
import type { Locale } from '../i18n/translator.js';

const ENGLISH_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['Maj', 'Shift'],
  ['Début', 'Home'],
  ['Fin', 'End'],
  ['Échap', 'Esc'],
];

/** `keys` as the interface in `locale` names them. */
export function shortcutText(keys: string, locale: Locale): string {
  if (locale === 'fr') return keys;
  return ENGLISH_KEYS.reduce((text, [fr, en]) => text.replace(fr, en), keys);
}

/** `keys` in the syntax of `aria-keyshortcuts` ("Control+Shift+Z"). */
export function ariaShortcut(keys: string): string {
  return keys.replace('Maj', 'Shift').replace('Ctrl', 'Control');
}
