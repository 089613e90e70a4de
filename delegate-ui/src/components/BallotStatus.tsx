import { CHOICE_LABELS } from '../../../server/protocol/labels';
import type { BallotDisplay } from '../ballot';
import { useT } from '../i18n';
import { CheckIcon, LockIcon } from '../icons';

interface BallotStatusProps {
  display: BallotDisplay;
  eligible: boolean;
}

/** The live region a screen reader follows: saving, saved (only after the server's ack or view). */
export function BallotStatus({ display, eligible }: BallotStatusProps) {
  const { t, pick } = useT();
  const { recorded, sending } = display;
  let content = null;
  if (sending) {
    content = (
      <p className="ballot-status__line ballot-status__line--sending">
        <span className="spinner" aria-hidden="true" />
        <span>{t('vote.sending')}</span>
      </p>
    );
  } else if (recorded) {
    content = (
      <p className="ballot-status__line ballot-status__line--saved">
        {recorded.choice ? <CheckIcon className="icon icon--lg" /> : <LockIcon className="icon icon--lg" />}
        <span>{recorded.choice ? t('vote.saved', { choice: pick(CHOICE_LABELS[recorded.choice]) }) : t('vote.savedSecret')}</span>
      </p>
    );
  } else if (eligible) {
    content = <p className="ballot-status__line ballot-status__line--none">{t('vote.notVoted')}</p>;
  }
  return (
    <div className="ballot-status" role="status" aria-live="polite">
      {content}
    </div>
  );
}
