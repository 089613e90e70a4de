import { useI18n, type Bilingual } from '../i18n';

/** A refusal or failure next to the action that caused it; announced at once. */
export function ErrorAlert({ error, onDismiss }: { error: Bilingual | null; onDismiss?: () => void }) {
  const { t, pick } = useI18n();
  return (
    <div role="alert" className={error ? 'alert' : 'alert alert--empty'}>
      {error && (
        <>
          <span className="alert__icon" aria-hidden="true">!</span>
          <span className="alert__text">{pick(error)}</span>
          {onDismiss && (
            <button type="button" className="alert__close" onClick={onDismiss} aria-label={t('error.dismiss')}>
              ×
            </button>
          )}
        </>
      )}
    </div>
  );
}
