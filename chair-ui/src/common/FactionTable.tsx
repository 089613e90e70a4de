import { CHOICES } from '../../../server/protocol/common';
import { CHOICE_LABELS } from '../../../server/protocol/labels';
import type { FactionTally } from '../../../server/protocol/views';
import { useI18n } from '../i18n';
import { FactionSwatch } from './FactionSwatch';

export function FactionTable({ rows, className = 'faction-table' }: { rows: readonly FactionTally[]; className?: string }) {
  const { t, pick } = useI18n();
  return (
    <table className={className}>
      <caption>{t('result.byFaction')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('result.faction')}</th>
          {CHOICES.map((c) => (
            <th key={c} scope="col" className={`num num--${c}`}>
              {pick(CHOICE_LABELS[c])}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.factionId ?? 'none'}>
            <th scope="row" title={row.name}>
              <FactionSwatch color={row.color} />
              {row.factionId === null ? t('att.noFaction') : row.shortName}
            </th>
            {CHOICES.map((c) => (
              <td key={c} className={`num${row[c] === 0 ? ' num--zero' : ''}`}>
                {row[c]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
