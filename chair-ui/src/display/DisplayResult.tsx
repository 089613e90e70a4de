import { VOTE_KIND_LABELS, majorityLabel } from '../../../server/protocol/labels';
import type { VoteResultView } from '../../../server/protocol/views';
import { FactionTable } from '../common/FactionTable';
import { TallyBars } from '../common/TallyBars';
import { useI18n } from '../i18n';
import { DisplayNamed } from './DisplayNamed';

export function DisplayResult({ result }: { result: VoteResultView }) {
  const { t, lang, pick } = useI18n();
  const named = result.named && result.named.length > 0 ? result.named : null;
  const factions = result.byFaction && result.byFaction.length > 0 ? result.byFaction : null;
  const side = named ? 'named' : factions ? 'factions' : 'none';
  return (
    <section className={`d-result d-result--${side}`} aria-labelledby="d-result-verdict">
      <div className="d-result__main">
        <p className="d-result__title">
          <span className="d-result__kind">{pick(VOTE_KIND_LABELS[result.kind])}</span>
          {result.title}
        </p>
        <h2 id="d-result-verdict" className={`d-verdict d-verdict--${result.passed ? 'passed' : 'rejected'}`}>
          {t(result.passed ? 'result.passed' : 'result.rejected')}
        </h2>
        <TallyBars tally={result.tally} className="d-tally" />
        <p className="d-result__required">
          {t('display.required', { rule: majorityLabel(result.required.rule, lang) })} –{' '}
          <span className="nowrap">{result.required.neededYes === 1 ? t('result.neededYesOne') : t('result.neededYes', { n: result.required.neededYes })}</span>
        </p>
        <p className="d-result__participants">{t('display.participants', { n: result.participants })}</p>
        {named && factions && <FactionTable rows={factions} className="d-factions d-factions--small" />}
      </div>
      {named ? (
        <DisplayNamed named={named} />
      ) : (
        factions && (
          <div className="d-result__side">
            <FactionTable rows={factions} className="d-factions" />
          </div>
        )
      )}
    </section>
  );
}
