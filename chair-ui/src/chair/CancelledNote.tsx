import type { VoteSummary } from '../../../server/protocol/views';
import { formatTime } from '../../../ui-shared/format';
import { useI18n } from '../i18n';

export function CancelledNote({ summary, reason }: { summary: VoteSummary; reason: string | null }) {
  const { t, lang } = useI18n();
  return (
    <div className="cancelled">
      <p className="cancelled__title">
        <span className="tag tag--cancelled">{t('result.cancelled')}</span> {summary.title}
      </p>
      <p className="cancelled__meta">
        {t('result.latestCancelled')}
        {summary.closedAt && <> {t('result.cancelledAt', { time: formatTime(summary.closedAt, lang) })}.</>}
      </p>
      {reason && <p className="cancelled__reason">{t('result.cancelReason', { reason })}</p>}
    </div>
  );
}
