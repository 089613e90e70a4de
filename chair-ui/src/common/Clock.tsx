import { formatClock } from '../../../ui-shared/format';
import { useI18n } from '../i18n';
import { useNow } from './useNow';

export function Clock({ className }: { className?: string }) {
  const { lang, t } = useI18n();
  const now = useNow();
  return (
    <time className={className ?? 'clock'} dateTime={now.toISOString()} aria-label={t('clock.label')}>
      {formatClock(now, lang)}
    </time>
  );
}
