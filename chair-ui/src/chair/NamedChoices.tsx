import { CHOICE_LABELS } from '../../../server/protocol/labels';
import type { NamedChoice } from '../../../server/protocol/views';
import type { VoteKind } from '../../../server/protocol/common';
import { FactionSwatch } from '../common/FactionSwatch';
import { useI18n } from '../i18n';

/** Each member's choice: the roll call of a named vote, or (chair only) the individual open votes. */
export function NamedChoices({ named, kind }: { named: readonly NamedChoice[]; kind: VoteKind }) {
  const { t, pick } = useI18n();
  return (
    <details className="named" open={kind === 'named'}>
      <summary>
        {t(kind === 'named' ? 'result.named' : 'result.individual')} ({named.length})
      </summary>
      <table className="named__table">
        <thead>
          <tr>
            <th scope="col">{t('result.name')}</th>
            <th scope="col">{t('result.faction')}</th>
            <th scope="col">{t('result.choice')}</th>
          </tr>
        </thead>
        <tbody>
          {named.map(({ member, choice }) => (
            <tr key={member.id}>
              <th scope="row">{member.name}</th>
              <td>
                <FactionSwatch color={member.factionColor} />
                {member.factionShort ?? t('att.noFaction')}
              </td>
              <td>
                <span className={`choice-chip choice-chip--${choice}`}>{pick(CHOICE_LABELS[choice])}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
