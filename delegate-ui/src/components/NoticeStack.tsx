import { useT } from '../i18n';
import { useSeatLive, type ShownNotice } from '../live';
import { InfoIcon, WarningIcon } from '../icons';

/** Refusals of card taps etc. from the server, each shown for a few seconds. */
export function NoticeStack({ notices }: { notices: readonly ShownNotice[] }) {
  const { t, pick } = useT();
  const live = useSeatLive();
  return (
    <div className="notices" role="alert">
      {notices.map(({ id, notice }) => (
        <div key={id} className={`notice-banner notice-banner--${notice.level}`}>
          {notice.level === 'info' ? <InfoIcon className="icon icon--lg" /> : <WarningIcon className="icon icon--lg" />}
          <span className="notice-banner__text">{pick(notice.message)}</span>
          <button type="button" className="notice-banner__close" aria-label={t('notice.close')} onClick={() => live.dismissNotice(id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
