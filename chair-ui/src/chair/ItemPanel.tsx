import { useId, useState } from 'react';
import type { ChairView, ItemView } from '../../../server/protocol/views';
import { useI18n } from '../i18n';
import { CancelledNote } from './CancelledNote';
import { LiveVote } from './LiveVote';
import { OpenVoteForm } from './OpenVoteForm';
import { ResultCard } from './ResultCard';

interface Props {
  view: ChairView;
  item: ItemView | null;
}

/** The centre of the console: the current item and its vote (open form, live count or result). */
export function ItemPanel({ view, item }: Props) {
  const { t } = useI18n();
  const headingId = useId();

  if (!item) {
    return (
      <section className="panel item item--none" aria-labelledby={headingId}>
        <h2 id={headingId} className="item__none-title">
          {t('item.none')}
        </h2>
        <p className="item__none-hint">{t('item.noneHint')}</p>
        {view.vote && <LiveVote vote={view.vote} agenda={view.agenda} currentItemId={view.currentItemId} />}
      </section>
    );
  }

  const latest = view.history.find((h) => h.summary.itemId === item.id) ?? null;
  return (
    <section className="panel item" aria-labelledby={headingId}>
      <header className="item__header">
        <p className="item__number">
          {t('agenda.top', { number: item.number })}
          {!item.public && <span className="tag tag--private">{t('agenda.nonPublic')}</span>}
          {item.documentRef && <span className="item__doc">{item.documentRef}</span>}
        </p>
        <h2 id={headingId} className="item__title">
          {item.title}
        </h2>
      </header>
      {view.vote ? (
        <LiveVote vote={view.vote} agenda={view.agenda} currentItemId={view.currentItemId} />
      ) : (
        <ItemVoteArea key={`${item.id}:${latest?.summary.id ?? ''}`} view={view} item={item} latest={latest} />
      )}
    </section>
  );
}

function ItemVoteArea({ view, item, latest }: { view: ChairView; item: ItemView; latest: ChairView['history'][number] | null }) {
  const { t } = useI18n();
  // after a cancelled vote the usual next step is to repeat it: the form is open and prefilled
  const cancelled = latest?.summary.status === 'cancelled' ? latest.summary : null;
  const [formOpen, setFormOpen] = useState(latest === null || cancelled !== null);
  return (
    <>
      {latest?.result && <ResultCard summary={latest.summary} result={latest.result} />}
      {latest && latest.summary.status === 'cancelled' && <CancelledNote summary={latest.summary} reason={latest.cancelReason} />}
      {formOpen ? (
        <OpenVoteForm item={item} quorum={view.quorum} legalMembers={view.body.legalMembers} repeatOf={cancelled} />
      ) : (
        <button type="button" className="btn btn--secondary btn--lg btn--block item__another" onClick={() => setFormOpen(true)}>
          {t('vote.form.another')}
        </button>
      )}
    </>
  );
}
