/**
 * The current interface language for React: a provider (one per app, created in the
 * composition root) and `useI18n()`. Changing the language updates `<html lang>` so screen
 * readers switch voice, and is remembered in localStorage.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { LOCALE_KEY, isLocale, translator, type Locale, type Translate } from './translator.js';

/** What components get from `useI18n()`. */
export interface I18n {
  /** Current language. */
  readonly locale: Locale;
  /** Translates a key in the current language. */
  readonly t: Translate;
  /** Changes the language. */
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n | null>(null);

/** The stored language, French when none or an unknown one is stored. */
export function storedLocale(storage: Storage): Locale {
  const value = storage.getItem(LOCALE_KEY);
  return isLocale(value) ? value : 'fr';
}

/** Provides the language to `children`. */
export function I18nProvider(props: {
  readonly storage: Storage;
  readonly root: HTMLElement;
  readonly children: ReactNode;
}) {
  const { storage, root } = props;
  const [locale, setLocaleState] = useState<Locale>(() => storedLocale(storage));
  useEffect(() => {
    root.lang = locale;
  }, [root, locale]);
  const setLocale = useCallback(
    (next: Locale) => {
      storage.setItem(LOCALE_KEY, next);
      setLocaleState(next);
    },
    [storage],
  );
  const value = useMemo<I18n>(
    () => ({ locale, t: translator(locale), setLocale }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

/** The current language; throws outside `I18nProvider` (a wiring bug, not a user error). */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n() used outside <I18nProvider>');
  return value;
}
