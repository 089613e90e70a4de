import type { DisplayView } from '../../../server/protocol/views';
import { Clock } from '../common/Clock';
import { formatSessionDate } from '../../../ui-shared/format';
import { useI18n } from '../i18n';

export function DisplayHeader({ bodyName, session }: { bodyName: string; session: DisplayView['session'] }) {
  const { lang } = useI18n();
  return (
    <header className="display__header">
      <div className="d-session">
        <p className="d-session__body">{bodyName}</p>
        <p className="d-session__title">{session.title}</p>
      </div>
      <div className="d-time">
        <Clock className="d-time__clock" />
        <p className="d-time__date">{formatSessionDate(session.date, lang, true)}</p>
      </div>
    </header>
  );
}
