import { useId, useState } from 'react';
import type { AttendanceRow, ChairView, ItemView } from '../../../server/protocol/views';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { AttendanceEntry } from './AttendanceEntry';
import { BiasDialog } from './BiasDialog';
import { useChairAction } from './context';

type Filter = 'all' | 'present' | 'absent';
const FILTERS: readonly Filter[] = ['all', 'present', 'absent'];
const FILTER_KEY = { all: 'att.filter.all', present: 'att.filter.present', absent: 'att.filter.absent' } as const;

interface Props {
  attendance: readonly AttendanceRow[];
  bias: ChairView['bias'];
  currentItem: ItemView | null;
}

function matches(row: AttendanceRow, query: string): boolean {
  if (query === '') return true;
  const q = query.toLocaleLowerCase('de');
  return row.member.name.toLocaleLowerCase('de').includes(q) || (row.member.factionShort ?? '').toLocaleLowerCase('de').includes(q);
}

export function AttendancePanel({ attendance, bias, currentItem }: Props) {
  const { t } = useI18n();
  const ids = { heading: useId(), search: useId(), noItem: useId() };
  const [filter, setFilter] = useState<Filter>('all');
  const [query, setQuery] = useState('');
  const [biasFor, setBiasFor] = useState<AttendanceRow | null>(null);
  const lift = useChairAction();
  const mark = useChairAction();

  const counts = {
    all: attendance.length,
    present: attendance.filter((r) => r.present).length,
    absent: attendance.filter((r) => !r.present).length,
  };
  const rows = attendance.filter((r) => (filter === 'all' || r.present === (filter === 'present')) && matches(r, query.trim()));
  const reasonOf = (memberId: string) =>
    currentItem ? (bias.find((b) => b.itemId === currentItem.id && b.member.id === memberId)?.reason ?? null) : null;

  const closeDialog = () => {
    setBiasFor(null);
    mark.clearError();
  };
  const markBiased = async (reason: string) => {
    if (!currentItem || !biasFor) return;
    const done = await mark.run('setBias', {
      itemId: currentItem.id,
      memberId: biasFor.member.id,
      excluded: true,
      ...(reason === '' ? {} : { reason }),
    });
    if (done) setBiasFor(null);
  };
  const liftBias = (row: AttendanceRow) => {
    if (currentItem) void lift.run('setBias', { itemId: currentItem.id, memberId: row.member.id, excluded: false });
  };

  return (
    <section className="panel attendance" aria-labelledby={ids.heading}>
      <h2 id={ids.heading} className="panel__title">
        {t('att.heading')}
      </h2>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('att.filter')}</legend>
        {FILTERS.map((f) => (
          <label key={f} className={`segmented__option${filter === f ? ' segmented__option--checked' : ''}`}>
            <input type="radio" name="attendance-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
            {t(FILTER_KEY[f], { n: counts[f] })}
          </label>
        ))}
      </fieldset>
      <div className="field field--compact">
        <label htmlFor={ids.search} className="visually-hidden">
          {t('att.search')}
        </label>
        <input
          id={ids.search}
          className="input"
          type="search"
          placeholder={t('att.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {!currentItem && (
        <p id={ids.noItem} className="attendance__note">
          {t('att.bias.noItem')}
        </p>
      )}
      <ErrorAlert error={lift.error} onDismiss={lift.clearError} />
      {rows.length === 0 ? (
        <p className="empty">{t('att.empty')}</p>
      ) : (
        // a scrolling list, without buttons while no item is called: focusable, so the keyboard can scroll it
        <ul className="attendance__list" aria-label={t('att.list')} tabIndex={0}>
          {rows.map((row) => (
            <AttendanceEntry
              key={row.member.id}
              row={row}
              item={currentItem}
              biasReason={row.excludedOnCurrentItem ? reasonOf(row.member.id) : null}
              busy={lift.busy}
              onMarkBias={() => setBiasFor(row)}
              onLiftBias={() => liftBias(row)}
            />
          ))}
        </ul>
      )}
      <BiasDialog
        row={biasFor}
        item={currentItem}
        busy={mark.busy}
        error={mark.error}
        onConfirm={(reason) => void markBiased(reason)}
        onClose={closeDialog}
      />
    </section>
  );
}
