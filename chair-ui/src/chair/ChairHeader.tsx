import type { ChairView } from '../../../server/protocol/views';
import { Clock } from '../common/Clock';
import { ConnectionStatus } from '../common/ConnectionStatus';
import { LangToggle } from '../common/LangToggle';
import { LockButton } from '../devices/DeviceGate';
import { formatSessionDate } from '../../../ui-shared/format';
import { exportText } from '../exports/texts';
import { useI18n } from '../i18n';
import type { ConnState } from '../live';

interface Props {
  body: ChairView['body'];
  session: ChairView['session'];
  conn: ConnState;
  /** Shows the exports inside the console, on its unlocked connection (no second PIN). */
  onExports: () => void;
}

export function ChairHeader({ body, session, conn, onExports }: Props) {
  const { t, lang } = useI18n();
  return (
    <header className="chair-header">
      <div className="chair-header__brand">
        <span className="brand__mark" aria-hidden="true" />
        <span className="chair-header__role">{t('chair.title')}</span>
      </div>
      <div className="chair-header__session">
        <p className="chair-header__body">{body.name}</p>
        <h1 className="chair-header__title">{session.title}</h1>
        <p className="chair-header__date">
          {formatSessionDate(session.date, lang, true)}
          {session.startTime && <> · {t('chair.start', { time: session.startTime })}</>}
        </p>
      </div>
      <div className="chair-header__tools">
        <a
          className="btn btn--ghost btn--sm"
          href="/chair/exports"
          onClick={(e) => {
            // a new tab or window (middle click, Ctrl/Cmd click) opens the page on its own
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
            e.preventDefault();
            onExports();
          }}
        >
          {exportText(lang, 'title')}
        </a>
        <ConnectionStatus conn={conn} />
        <Clock className="chair-header__clock" />
        <LangToggle />
        <LockButton />
      </div>
    </header>
  );
}
