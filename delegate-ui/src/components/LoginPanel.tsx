import type { SeatView } from '../../../server/protocol/views';
import { useT } from '../i18n';
import { CardIcon, WarningIcon } from '../icons';
import { FactionSwatch } from './FactionSwatch';

interface LoginPanelProps {
  member: SeatView['member'];
  reader: SeatView['reader'];
}

export function LoginPanel({ member, reader }: LoginPanelProps) {
  const { t } = useT();
  return (
    <section className={`panel login ${member ? 'login--in' : 'login--out'}`} aria-labelledby="login-heading">
      <h2 id="login-heading" className="visually-hidden">
        {t('login.heading')}
      </h2>
      {member ? (
        <div className="login__member">
          <FactionSwatch color={member.factionColor} />
          <div>
            <p className="login__name">
              {member.factionShort === null
                ? t('login.as', { name: member.name })
                : t('login.asFaction', { name: member.name, faction: member.factionShort })}
            </p>
            {member.votingRight === 'advisory' && <p className="login__right login__right--advisory">{t('login.advisory')}</p>}
            {member.votingRight === 'none' && <p className="login__right">{t('login.noVotingRight')}</p>}
          </div>
        </div>
      ) : (
        <div className="login__prompt">
          <CardIcon className="icon login__card-icon" />
          <div>
            <p className="login__place">{t('login.placeCard')}</p>
            <p className="login__hint">{t('login.placeCardHint')}</p>
          </div>
        </div>
      )}
      {reader === 'disconnected' && (
        <p className="reader-warning">
          <WarningIcon className="icon" />
          <span>
            <strong>{t('reader.disconnected')}</strong> {t('reader.disconnectedHint')}
          </span>
        </p>
      )}
    </section>
  );
}
