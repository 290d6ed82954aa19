/**
 * Translation without React: the catalogues, the locale rule and `{name}` interpolation. The
 * React side (`i18n-context.tsx`) only holds the current locale.
 */
import { en } from './en.js';
import { fr, type MessageKey, type Messages } from './fr.js';

/** Interface languages. French is the default: the committees Entente serves work in French. */
export const LOCALES = ['fr', 'en'] as const;

/** An interface language. */
export type Locale = (typeof LOCALES)[number];

/** localStorage key of the chosen language. */
export const LOCALE_KEY = 'entente.locale';

const CATALOGUES: Readonly<Record<Locale, Messages>> = { fr, en };

/** Translates a key, replacing `{name}` placeholders with `params`. */
export type Translate = (
  key: MessageKey,
  params?: Readonly<Record<string, string | number>>,
) => string;

/** True for a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The translate function of `locale`. */
export function translator(locale: Locale): Translate {
  const messages = CATALOGUES[locale];
  return (key, params) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params !== undefined && name in params ? String(params[name]) : whole,
    );
}

/** The BCP 47 tag used for dates and collation in `locale`. */
export function languageTag(locale: Locale): string {
  return locale === 'fr' ? 'fr-FR' : 'en-GB';
}

export type { MessageKey, Messages };
