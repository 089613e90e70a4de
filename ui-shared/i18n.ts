import { createContext, useCallback, useContext, useEffect, useMemo, useState, type Context } from 'react';
import type { Bilingual, Lang } from '../server/protocol/labels';

export type { Bilingual, Lang };

export type Params = Readonly<Record<string, string | number>>;

export interface I18n<K extends string> {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: K, params?: Params) => string;
  /** The current language's text of a bilingual label or message from the protocol. */
  pick: (text: Bilingual) => string;
  /** BCP 47 locale for Intl formatting. */
  locale: string;
}

export interface I18nOptions<K extends string> {
  /** localStorage key under which the chosen language is kept. */
  storageKey: string;
  /** Let ?lang=de|en in the address win over the saved choice (a display without controls). */
  langFromQuery?: boolean;
  /** Runs whenever the language is set, after <html lang> (e.g. to translate document.title). */
  onLang?: (lang: Lang, translate: (lang: Lang, key: K, params?: Params) => string) => void;
}

export interface I18nKit<K extends string> {
  translate: (lang: Lang, key: K, params?: Params) => string;
  I18nContext: Context<I18n<K>>;
  /** The root's language state: persisted in localStorage and mirrored to <html lang>. */
  useLangState: () => I18n<K>;
  useI18n: () => I18n<K>;
}

export const LANGS: readonly Lang[] = ['de', 'en'];

/** Fills `{name}` placeholders from params; a name without a value stays visible as `{name}`. */
export function fillParams(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A plain translate function over German and English dictionaries (no React state). */
export function dictionaryTranslator<K extends string>(
  dictionaries: Readonly<Record<Lang, Readonly<Record<K, string>>>>,
): (lang: Lang, key: K, params?: Params) => string {
  return (lang, key, params) => fillParams(dictionaries[lang][key], params);
}

function isLang(v: unknown): v is Lang {
  return v === 'de' || v === 'en';
}

/** Translation, language state, context and hook over an app's own dictionaries (German is the default). */
export function createI18n<K extends string>(
  dictionaries: Readonly<Record<Lang, Readonly<Record<K, string>>>>,
  options: I18nOptions<K>,
): I18nKit<K> {
  const { storageKey, langFromQuery = false, onLang } = options;

  const translate = dictionaryTranslator(dictionaries);

  function initialLang(): Lang {
    if (langFromQuery) {
      const fromQuery = new URLSearchParams(window.location.search).get('lang');
      if (isLang(fromQuery)) return fromQuery;
    }
    try {
      const saved = window.localStorage.getItem(storageKey);
      if (isLang(saved)) return saved;
    } catch {
      // storage may be disabled on locked-down kiosks: German then
    }
    return 'de';
  }

  function i18nFor(lang: Lang, setLang: (lang: Lang) => void): I18n<K> {
    return {
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      pick: (text) => text[lang],
      locale: lang === 'de' ? 'de-DE' : 'en-GB',
    };
  }

  const I18nContext = createContext<I18n<K>>(i18nFor('de', () => undefined));

  function useLangState(): I18n<K> {
    const [lang, setLangState] = useState<Lang>(initialLang);
    const setLang = useCallback((next: Lang) => {
      setLangState(next);
      try {
        window.localStorage.setItem(storageKey, next);
      } catch {
        // not persisted: the choice holds until reload
      }
    }, []);
    useEffect(() => {
      document.documentElement.lang = lang;
      onLang?.(lang, translate);
    }, [lang]);
    return useMemo(() => i18nFor(lang, setLang), [lang, setLang]);
  }

  function useI18n(): I18n<K> {
    return useContext(I18nContext);
  }

  return { translate, I18nContext, useLangState, useI18n };
}
