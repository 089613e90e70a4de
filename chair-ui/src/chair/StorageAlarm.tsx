import { formatTime } from '../../../ui-shared/format';
import type { ChairView } from '../../../server/protocol/views';
import { useI18n } from '../i18n';

/** Full-width alarm while the server cannot write its log: nothing entered is being recorded. */
export function StorageAlarm({ alarm }: { alarm: ChairView['storageAlarm'] }) {
  const { t, lang } = useI18n();
  if (!alarm) return null;
  return (
    <div className="banner banner--error" role="alert" title={alarm.detail}>
      {t('storage.alarm', { time: formatTime(alarm.since, lang) })}
    </div>
  );
}
