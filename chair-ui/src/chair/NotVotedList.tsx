import { useId } from 'react';
import type { MemberRef } from '../../../server/protocol/views';
import { FactionSwatch } from '../common/FactionSwatch';
import { useI18n } from '../i18n';

export function NotVotedList({ members }: { members: readonly MemberRef[] }) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="not-voted" aria-labelledby={headingId}>
      <h4 id={headingId} className="section-title">
        {t('vote.notVoted', { n: members.length })}
      </h4>
      {members.length === 0 ? (
        <p className="notice notice--success">{t('vote.notVoted.none')}</p>
      ) : (
        <ul className="not-voted__list">
          {members.map((m) => (
            <li key={m.id}>
              <FactionSwatch color={m.factionColor} />
              <span className="not-voted__name">{m.name}</span>
              <span className="not-voted__faction">{m.factionShort ?? t('att.noFaction')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
