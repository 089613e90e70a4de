import { formatClock } from '../../../ui-shared/format';
import { useI18n } from '../i18n';
import { useNow } from './useNow';

export function Clock({ className }: { className?: string }) {
  const { lang, t } = useI18n();
  const now = useNow();
  return (
    // a time element takes no aria-label (its role is generic): the label is text for screen readers
    <time className={className ?? 'clock'} dateTime={now.toISOString()}>
      <span className="visually-hidden">{t('clock.label')}: </span>
      {formatClock(now, lang)}
    </time>
  );
}
