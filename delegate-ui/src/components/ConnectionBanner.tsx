import { useT } from '../i18n';

/** Impossible to miss: while disconnected the screen may be stale and votes cannot be sent. */
export function ConnectionBanner({ lost }: { lost: boolean }) {
  const { t } = useT();
  return (
    <div className="conn-banner-slot" role="alert">
      {lost && (
        <div className="conn-banner">
          <span className="spinner spinner--light" aria-hidden="true" />
          <span>
            <strong>{t('conn.lost')}</strong> <span className="conn-banner__hint">{t('conn.lostHint')}</span>
          </span>
        </div>
      )}
    </div>
  );
}
