import { CHOICE_LABELS } from '../../../server/protocol/labels';
import type { NamedChoice } from '../../../server/protocol/views';
import { useT } from '../i18n';
import { ChoiceIcon } from '../icons';
import { FactionSwatch } from './FactionSwatch';

export function NamedList({ rows }: { rows: readonly NamedChoice[] }) {
  const { t, pick } = useT();
  return (
    <div className="table-wrap table-wrap--scroll" tabIndex={0} role="region" aria-label={t('result.named')}>
      <table className="table table--named">
        <caption>{t('result.named')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('result.member')}</th>
            <th scope="col">{t('result.faction')}</th>
            <th scope="col">{t('result.choice')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ member, choice }) => (
            <tr key={member.id}>
              <th scope="row">{member.name}</th>
              <td>
                <FactionSwatch color={member.factionColor} />
                {member.factionShort ?? t('result.noFaction')}
              </td>
              <td className={`named-choice named-choice--${choice}`}>
                <ChoiceIcon choice={choice} className="icon" />
                {pick(CHOICE_LABELS[choice])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
