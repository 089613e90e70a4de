import type { VoteKind } from '../../../server/protocol/common';
import { VOTE_KIND_LABELS } from '../../../server/protocol/labels';
import { useI18n } from '../i18n';

interface Props {
  title: string;
  kind: VoteKind;
  cast: number;
  eligible: number;
}

/** The running vote: how many have voted, never what. */
export function DisplayVote({ title, kind, cast, eligible }: Props) {
  const { t, pick } = useI18n();
  const share = eligible > 0 ? Math.min(1, cast / eligible) : 0;
  return (
    <section className="d-vote" aria-labelledby="d-vote-title">
      <h2 id="d-vote-title" className="d-vote__title">
        <span className="d-vote__badge">
          <span className="pulse" aria-hidden="true" />
          {t('display.voteRunning')}
        </span>
        <span className="d-vote__name">{title}</span>
        <span className="d-vote__kind">{pick(VOTE_KIND_LABELS[kind])}</span>
      </h2>
      <p className="d-vote__count" aria-live="polite" aria-atomic="true">
        <span className="d-vote__numbers">
          <span className="d-vote__cast">{cast}</span>
          <span className="d-vote__sep"> / </span>
          <span className="d-vote__eligible">{eligible}</span>
        </span>
        <span className="d-vote__unit">{t('display.castUnit')}</span>
      </p>
      <div className="d-vote__bar" aria-hidden="true">
        <div className="d-vote__fill" style={{ width: `${share * 100}%` }} />
      </div>
    </section>
  );
}
