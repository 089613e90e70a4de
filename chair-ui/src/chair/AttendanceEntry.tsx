import type { AttendanceRow, ItemView } from '../../../server/protocol/views';
import { FactionSwatch } from '../common/FactionSwatch';
import { formatTime } from '../../../ui-shared/format';
import { useI18n } from '../i18n';

interface Props {
  row: AttendanceRow;
  item: ItemView | null;
  biasReason: string | null;
  busy: boolean;
  onMarkBias: () => void;
  onLiftBias: () => void;
}

export function AttendanceEntry({ row, item, biasReason, busy, onMarkBias, onLiftBias }: Props) {
  const { t, lang } = useI18n();
  const { member } = row;
  const since = row.since === null ? null : formatTime(row.since, lang);
  const status = row.present
    ? t('att.presentSince', { time: since ?? '' })
    : since === null
      ? t('att.never')
      : t('att.absentSince', { time: since });
  const biased = row.excludedOnCurrentItem;
  return (
    <li className={`person${row.present ? ' person--present' : ' person--absent'}${biased ? ' person--biased' : ''}`}>
      <span className="person__dot" aria-hidden="true" />
      <div className="person__main">
        <p className="person__name">
          {member.name}
          {member.role === 'mayor' && <span className="tag tag--role">{t('att.mayor')}</span>}
          {member.role === 'officer' && <span className="tag tag--role">{t('att.officer')}</span>}
        </p>
        <p className="person__meta">
          <span className="person__faction">
            <FactionSwatch color={member.factionColor} />
            {member.factionShort ?? t('att.noFaction')}
          </span>
          {row.seatLabel && <span>{t('att.seat', { label: row.seatLabel })}</span>}
          <span className="person__status">{status}</span>
        </p>
        {(member.votingRight !== 'full' || row.manual || biased) && (
          <p className="person__tags">
            {member.votingRight === 'advisory' && <span className="tag tag--advisory">{t('att.advisory')}</span>}
            {member.votingRight === 'none' && <span className="tag tag--advisory">{t('att.noVote')}</span>}
            {row.manual && <span className="tag tag--manual">{t('att.manual')}</span>}
            {biased && (
              <span className="tag tag--biased">
                {t('att.biased')}
                {item && ` · ${t('agenda.top', { number: item.number })}`}
              </span>
            )}
            {biased && biasReason && <span className="person__reason">{t('att.biasReason', { reason: biasReason })}</span>}
          </p>
        )}
      </div>
      {item &&
        (biased ? (
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            disabled={busy}
            aria-label={t('att.bias.clearFor', { name: member.name, number: item.number })}
            onClick={onLiftBias}
          >
            {t('att.bias.clear')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            aria-label={t('att.bias.setFor', { name: member.name, number: item.number })}
            onClick={onMarkBias}
          >
            {t('att.bias.set')}
          </button>
        ))}
    </li>
  );
}
