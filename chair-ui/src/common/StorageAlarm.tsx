import { formatTime } from '../../../ui-shared/format';
import type { ChairView } from '../../../server/protocol/views';
import { useI18n } from '../i18n';

/**
 * Full-width alarm while the server cannot write its log: nothing entered is being recorded.
 * Without an alarm, a warning while the log's disk is slow: everything is recorded, but every
 * seat waits that long for its confirmation.
 */
export function StorageAlarm({ alarm, slow }: { alarm: ChairView['storageAlarm']; slow?: ChairView['storageSlow'] }) {
  const { t, lang, locale } = useI18n();
  if (alarm) {
    return (
      <div className="banner banner--error" role="alert" title={alarm.detail}>
        {t('storage.alarm', { time: formatTime(alarm.since, lang) })}
      </div>
    );
  }
  if (!slow) return null;
  const ms = (n: number) => n.toLocaleString(locale);
  return (
    <div className="banner banner--warning" role="status" data-testid="storage-slow">
      {t('storage.slow', { time: formatTime(slow.since, lang), ms: ms(slow.medianMs), max: ms(slow.maxMs) })}
    </div>
  );
}
