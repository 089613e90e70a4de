import type { SeatView } from '../../../server/protocol/views';
import { formatSessionDate } from '../../../ui-shared/format';
import { useT } from '../i18n';
import type { ConnState } from '../live';
import { Brand } from './Brand';
import { ConnectionStatus } from './ConnectionStatus';
import { LangToggle } from './LangToggle';

interface HeaderProps {
  seatLabel: string;
  session: SeatView['session'] | null;
  conn: ConnState;
}

export function Header({ seatLabel, session, conn }: HeaderProps) {
  const { t, lang } = useT();
  return (
    <header className="topbar">
      <div className="topbar__seat">
        <Brand />
        <h1 className="topbar__seat-label">{t('seat.label', { label: seatLabel })}</h1>
      </div>
      {session && (
        <div className="topbar__session">
          <span className="topbar__title" title={session.title}>
            {session.title}
          </span>
          <span className="topbar__date">{formatSessionDate(session.date, lang, true)}</span>
        </div>
      )}
      <div className="topbar__tools">
        <ConnectionStatus conn={conn} />
        <LangToggle />
      </div>
    </header>
  );
}
