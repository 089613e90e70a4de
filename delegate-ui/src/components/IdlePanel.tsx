import { useT } from '../i18n';

export function IdlePanel() {
  const { t } = useT();
  return (
    <section className="panel idle" aria-labelledby="idle-heading">
      <h2 id="idle-heading" className="idle__title">
        {t('vote.idle')}
      </h2>
      <p className="muted">{t('vote.idleHint')}</p>
    </section>
  );
}
