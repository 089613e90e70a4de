import { CHOICES } from '../../../server/protocol/common';
import { CHOICE_LABELS } from '../../../server/protocol/labels';
import type { FactionTally } from '../../../server/protocol/views';
import { useT } from '../i18n';
import { FactionSwatch } from './FactionSwatch';

export function FactionTable({ rows }: { rows: readonly FactionTally[] }) {
  const { t, pick } = useT();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>{t('result.byFaction')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('result.faction')}</th>
            {CHOICES.map((c) => (
              <th key={c} scope="col" className="num">
                {pick(CHOICE_LABELS[c])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.factionId ?? '-'}>
              <th scope="row" title={row.name}>
                <FactionSwatch color={row.color} />
                {row.factionId === null ? t('result.noFaction') : row.shortName}
              </th>
              {CHOICES.map((c) => (
                <td key={c} className="num">
                  {row[c]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
