import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BRUSSELS_TIME_ZONE } from '@certdesk/domain';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';
import { nl } from './nl.js';

export const LANGUAGES = ['fr', 'nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const DICTIONARIES: Readonly<Record<Language, Messages>> = { fr, nl, en };
/** Belgian French and Dutch; English with day-month-year dates. */
const LOCALES: Readonly<Record<Language, string>> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
const LANGUAGE_KEY = 'certdesk.language';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** The remembered choice, else the browser's first language we speak, else French. */
export function initialLanguage(stored: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'fr';
}

export interface I18n {
  language: Language;
  /** The BCP 47 locale for Intl formats. */
  locale: string;
  setLanguage(language: Language): void;
  m: Messages;
  /** A calendar date (Europe/Brussels), e.g. 23 nov. 2026. */
  date(iso: string | null | undefined): string;
  /** A moment (Europe/Brussels), to the minute. */
  dateTime(iso: string | null | undefined): string;
  number(value: number): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() =>
    initialLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages ?? [navigator.language]),
  );
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const locale = LOCALES[language];
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: BRUSSELS_TIME_ZONE });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: BRUSSELS_TIME_ZONE,
    });
    const numberFormat = new Intl.NumberFormat(locale);
    return {
      language,
      locale,
      setLanguage: (next) => {
        localStorage.setItem(LANGUAGE_KEY, next);
        setLanguageState(next);
      },
      m: DICTIONARIES[language],
      date: (iso) => (iso ? dateFormat.format(new Date(iso)) : '—'),
      dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '—'),
      number: (value) => numberFormat.format(value),
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
