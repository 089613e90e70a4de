import { useId } from 'react';
import type { ChairView, ItemView } from '../../../server/protocol/views';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useChairAction } from './context';

interface Props {
  agenda: readonly ItemView[];
  currentItemId: string | null;
  history: ChairView['history'];
  voteOpen: boolean;
}

type ItemOutcome = 'passed' | 'rejected' | null;

/** The outcome of the newest closed vote per item, for a small mark on its button. */
function outcomes(history: ChairView['history']): Map<string, ItemOutcome> {
  const map = new Map<string, ItemOutcome>();
  for (const h of history) {
    if (map.has(h.summary.itemId) || !h.result) continue;
    map.set(h.summary.itemId, h.result.passed ? 'passed' : 'rejected');
  }
  return map;
}

export function AgendaList({ agenda, currentItemId, history, voteOpen }: Props) {
  const { t } = useI18n();
  const headingId = useId();
  const lockId = useId();
  const select = useChairAction();
  const done = outcomes(history);

  return (
    <section className="panel agenda" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {t('agenda.heading')}
      </h2>
      {voteOpen && (
        <p id={lockId} className="agenda__lock">
          {t('agenda.locked')}
        </p>
      )}
      <ErrorAlert error={select.error} onDismiss={select.clearError} />
      {agenda.length === 0 ? (
        <p className="empty">{t('agenda.empty')}</p>
      ) : (
        <ol className="agenda__list">
          {agenda.map((item) => {
            const current = item.id === currentItemId;
            const outcome = done.get(item.id) ?? null;
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className={`agenda__item${current ? ' agenda__item--current' : ''}${item.public ? '' : ' agenda__item--private'}`}
                  aria-current={current ? 'true' : undefined}
                  aria-describedby={voteOpen && !current ? lockId : undefined}
                  disabled={(voteOpen && !current) || select.busy}
                  onClick={() => {
                    if (!current) void select.run('selectItem', { itemId: item.id });
                  }}
                >
                  <span className="agenda__number">{t('agenda.top', { number: item.number })}</span>
                  <span className="agenda__title">{item.title}</span>
                  <span className="agenda__tags">
                    {current && <span className="tag tag--current">{t('agenda.current')}</span>}
                    {!item.public && <span className="tag tag--private">{t('agenda.nonPublic')}</span>}
                    {outcome && (
                      <span className={`tag tag--${outcome}`}>{t(outcome === 'passed' ? 'result.passed' : 'result.rejected')}</span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
