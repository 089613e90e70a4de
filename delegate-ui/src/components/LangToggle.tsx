import { LANGS, useT } from '../i18n';

/** DE | EN, each button named in its own language so everyone finds theirs. */
export function LangToggle() {
  const { lang, setLang, t } = useT();
  return (
    <div className="lang-toggle" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-toggle__btn"
          aria-pressed={lang === l}
          title={t(l === 'de' ? 'lang.de' : 'lang.en')}
          onClick={() => setLang(l)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
