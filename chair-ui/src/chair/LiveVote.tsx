import { useId, useState } from 'react';
import { VOTE_KIND_LABELS, majorityLabel } from '../../../server/protocol/labels';
import type { ChairVoteView, ItemView } from '../../../server/protocol/views';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ReasonDialog } from '../common/ReasonDialog';
import { formatTime } from '../../../ui-shared/format';
import { useI18n } from '../i18n';
import { useChairAction } from './context';
import { NotVotedList } from './NotVotedList';

interface Props {
  vote: ChairVoteView;
  agenda: readonly ItemView[];
  currentItemId: string | null;
}

export function LiveVote({ vote, agenda, currentItemId }: Props) {
  const { t, lang, pick } = useI18n();
  const headingId = useId();
  const close = useChairAction();
  const cancel = useChairAction();
  const [dialog, setDialog] = useState<'close' | 'cancel' | null>(null);
  const { summary, cast, eligible } = vote;
  const share = eligible > 0 ? Math.min(1, cast / eligible) : 0;
  const otherItem = summary.itemId !== currentItemId ? agenda.find((i) => i.id === summary.itemId) : undefined;

  const closeDialog = () => {
    setDialog(null);
    close.clearError();
    cancel.clearError();
  };
  const doClose = async () => {
    if (await close.run('closeVote', { voteId: summary.id })) setDialog(null);
  };
  const doCancel = async (reason: string) => {
    if (await cancel.run('cancelVote', { voteId: summary.id, reason })) setDialog(null);
  };

  return (
    <section className="live-vote" aria-labelledby={headingId}>
      <p className="live-vote__badge">
        <span className="pulse" aria-hidden="true" />
        {t('vote.running')}
      </p>
      <h3 id={headingId} className="live-vote__title">
        {summary.title}
      </h3>
      {otherItem && <p className="notice notice--info">{t('vote.otherItem', { number: otherItem.number })}</p>}
      <dl className="facts">
        <div>
          <dt>{t('vote.kind')}</dt>
          <dd>{pick(VOTE_KIND_LABELS[summary.kind])}</dd>
        </div>
        <div>
          <dt>{t('vote.majority')}</dt>
          <dd>{majorityLabel(summary.majority, lang)}</dd>
        </div>
        <div>
          <dt>{t('vote.opened')}</dt>
          <dd>{t('time.clock', { time: formatTime(summary.openedAt, lang) })}</dd>
        </div>
      </dl>
      {summary.motion && (
        <details className="live-vote__motion">
          <summary>{t('item.motion')}</summary>
          <p className="motion-text">{summary.motion}</p>
        </details>
      )}

      <div className="counter">
        <p className="counter__text" aria-live="polite" aria-atomic="true">
          {t('vote.cast', { cast, eligible })}
        </p>
        <div
          className="counter__bar"
          role="progressbar"
          aria-label={t('vote.progress')}
          aria-valuemin={0}
          aria-valuemax={eligible}
          aria-valuenow={cast}
          aria-valuetext={t('vote.cast', { cast, eligible })}
        >
          <div className="counter__fill" style={{ width: `${share * 100}%` }} />
        </div>
      </div>

      <div className="live-vote__actions">
        <button type="button" className="btn btn--primary btn--xl" onClick={() => setDialog('close')}>
          {t('vote.close')}
        </button>
        <button type="button" className="btn btn--danger-outline btn--lg" onClick={() => setDialog('cancel')}>
          {t('vote.cancel')}
        </button>
      </div>

      {vote.notVoted ? <NotVotedList members={vote.notVoted} /> : <p className="notice notice--info">{t('vote.secretNote')}</p>}

      <ConfirmDialog
        open={dialog === 'close'}
        title={t('vote.close.title')}
        confirmLabel={t('vote.close.confirm')}
        busy={close.busy}
        error={close.error}
        onConfirm={() => void doClose()}
        onClose={closeDialog}
      >
        <p>{t('vote.close.body', { cast, eligible })}</p>
      </ConfirmDialog>
      <ReasonDialog
        open={dialog === 'cancel'}
        title={t('vote.cancel.title')}
        fieldLabel={t('vote.cancel.reason')}
        required
        confirmLabel={t('vote.cancel.confirm')}
        tone="danger"
        busy={cancel.busy}
        error={cancel.error}
        onConfirm={(reason) => void doCancel(reason)}
        onClose={closeDialog}
      >
        <p>{t('vote.cancel.body')}</p>
      </ReasonDialog>
    </section>
  );
}
