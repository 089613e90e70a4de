import type { BallotDisplay } from '../ballot';
import { useT } from '../i18n';
import { WarningIcon } from '../icons';

interface BallotFailureProps {
  failure: NonNullable<BallotDisplay['failure']>;
  canRetry: boolean;
  onRetry: () => void;
}

export function BallotFailure({ failure, canRetry, onRetry }: BallotFailureProps) {
  const { t, pick } = useT();
  const message =
    failure.kind === 'refused' ? pick(failure.error.message) : failure.kind === 'timeout' ? t('vote.timeout') : t('vote.offline');
  return (
    <div className="ballot-failure" role="alert">
      <p className="ballot-failure__text">
        <WarningIcon className="icon icon--lg" />
        <span>{message}</span>
      </p>
      {failure.retry && (
        <button type="button" className="btn btn--danger btn--xl ballot-failure__retry" disabled={!canRetry} onClick={onRetry}>
          {t('vote.retry')}
        </button>
      )}
    </div>
  );
}
