import { CHOICE_LABELS, VOTE_KIND_LABELS, majorityLabel } from '../../../server/protocol/labels';
import type { SeatVoteView } from '../../../server/protocol/views';
import { useBallot } from '../ballot';
import { useT } from '../i18n';
import { ChoiceIcon, LockIcon } from '../icons';
import { useSeatLive } from '../live';
import { BallotFailure } from './BallotFailure';
import { BallotStatus } from './BallotStatus';
import { ChoiceButtons } from './ChoiceButtons';
import { ConfirmDialog } from './ConfirmDialog';
import { IneligibleBox } from './IneligibleBox';

interface VotePanelProps {
  vote: SeatVoteView;
  /** The motion of the agenda item, to avoid printing the same text twice. */
  itemMotion: string | undefined;
  online: boolean;
  /** The chair has interrupted the vote: the server takes no ballot until it goes on (the seat shows why above). */
  interrupted: boolean;
}

/** An open vote at this seat. Mount with a key per vote and member: the attempt state is theirs. */
export function VotePanel({ vote, itemMotion, online, interrupted }: VotePanelProps) {
  const { t, pick, lang } = useT();
  const { client } = useSeatLive();
  const ballot = useBallot(client, vote);
  const { summary, eligible } = vote;
  const secret = summary.kind === 'secret';
  const { recorded, sending, failure } = ballot.display;
  const confirming = ballot.state.phase === 'confirm' ? ballot.state.choice : null;
  const showButtons = eligible && !(secret && recorded);
  const busy = sending !== null || confirming !== null;
  // a ballot now would only be refused: the buttons wait, as while the connection is lost
  const canSend = online && !interrupted;

  return (
    <section className={`panel vote vote--${summary.kind}`} aria-labelledby="vote-heading">
      <p className="vote__live">
        {!interrupted && <span className="pulse" aria-hidden="true" />}
        {t(interrupted ? 'vote.paused' : 'vote.running')}
      </p>
      <h2 id="vote-heading" className="vote__title">
        {summary.title}
      </h2>
      <div className="vote__meta">
        <span className={`tag tag--kind tag--${summary.kind}`}>
          {secret && <LockIcon className="icon" />}
          {pick(VOTE_KIND_LABELS[summary.kind])}
        </span>
        <span className="tag tag--majority">{majorityLabel(summary.majority, lang)}</span>
      </div>
      {summary.motion && summary.motion !== itemMotion && <p className="vote__motion">{summary.motion}</p>}

      {!eligible && <IneligibleBox reason={vote.ineligibleReason} />}
      <BallotStatus display={ballot.display} eligible={eligible} />
      {failure && <BallotFailure failure={failure} canRetry={canSend && !busy} onRetry={ballot.retry} />}
      {showButtons && secret && (
        <p className="vote__hint vote__hint--secret">
          <LockIcon className="icon" />
          {t('vote.secretFinal')}
        </p>
      )}
      {showButtons && (
        <ChoiceButtons
          pressed={secret ? null : (recorded?.choice ?? null)}
          changeable={!secret}
          sending={sending}
          disabled={!canSend || busy}
          onChoose={ballot.choose}
        />
      )}
      {!secret && eligible && recorded && <p className="vote__hint">{t('vote.canChange')}</p>}
      {secret && recorded && !failure && <p className="vote__hint">{t('vote.waitResult')}</p>}

      {confirming && (
        <ConfirmDialog
          title={t('vote.confirmTitle', { choice: pick(CHOICE_LABELS[confirming]) })}
          body={t('vote.confirmBody')}
          confirmLabel={t('vote.confirm')}
          cancelLabel={t('vote.back')}
          visual={
            <span className={`dialog__choice dialog__choice--${confirming}`} aria-hidden="true">
              <ChoiceIcon choice={confirming} className="icon" />
              {pick(CHOICE_LABELS[confirming])}
            </span>
          }
          onConfirm={ballot.confirm}
          onCancel={ballot.cancelConfirm}
        />
      )}
    </section>
  );
}
