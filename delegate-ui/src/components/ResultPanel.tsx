import { VOTE_KIND_LABELS, majorityLabel } from '../../../server/protocol/labels';
import type { VoteResultView } from '../../../server/protocol/views';
import { formatClock } from '../format';
import { useT } from '../i18n';
import { CheckIcon, CrossIcon } from '../icons';
import { FactionTable } from './FactionTable';
import { NamedList } from './NamedList';
import { TallyView } from './TallyView';

export function ResultPanel({ result }: { result: VoteResultView }) {
  const { t, pick, lang, locale } = useT();
  const rule = majorityLabel(result.required.rule, lang);
  const needed = result.required.neededYes;
  const closedAt = formatClock(result.closedAt, locale);
  return (
    <section className={`panel result ${result.passed ? 'result--passed' : 'result--rejected'}`} aria-labelledby="result-heading">
      <p className="panel__kicker">
        <span>{t('result.heading')}</span>
        <span className="tag tag--kind">{pick(VOTE_KIND_LABELS[result.kind])}</span>
      </p>
      <h2 id="result-heading" className="result__title">
        {result.title}
      </h2>
      <p className={`verdict ${result.passed ? 'verdict--passed' : 'verdict--rejected'}`}>
        {result.passed ? <CheckIcon className="verdict__icon" /> : <CrossIcon className="verdict__icon" />}
        <span>{result.passed ? t('result.passed') : t('result.rejected')}</span>
      </p>
      <TallyView tally={result.tally} />
      <dl className="result__facts">
        <div>
          <dt>{t('result.participants')}</dt>
          <dd>{t('result.participantsOf', { n: result.participants, eligible: result.eligible })}</dd>
        </div>
        <div>
          <dt className="visually-hidden">{t('result.requiredLabel')}</dt>
          <dd>{needed === 1 ? t('result.requiredOne', { rule }) : t('result.required', { rule, n: needed })}</dd>
        </div>
        {closedAt && (
          <div>
            <dt className="visually-hidden">{t('result.closedLabel')}</dt>
            <dd className="muted">{t('result.closedAt', { time: closedAt })}</dd>
          </div>
        )}
      </dl>
      {result.byFaction && result.byFaction.length > 0 && <FactionTable rows={result.byFaction} />}
      {result.named && result.named.length > 0 && <NamedList rows={result.named} />}
    </section>
  );
}
