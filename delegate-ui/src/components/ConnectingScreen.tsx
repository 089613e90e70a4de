import { useT } from '../i18n';

export function ConnectingScreen() {
  const { t } = useT();
  return (
    <main className="center-screen" aria-busy="true">
      <span className="spinner spinner--big" aria-hidden="true" />
      <p className="center-screen__text">{t('conn.waiting')}</p>
    </main>
  );
}
