import { useId } from 'react';
import { VOTE_KIND_LABELS, majorityLabel } from '../../../server/protocol/labels';
import type { VoteResultView, VoteSummary } from '../../../server/protocol/views';
import { FactionTable } from '../common/FactionTable';
import { TallyBars } from '../common/TallyBars';
import { formatTime } from '../../../ui-shared/format';
import { useI18n } from '../i18n';
import { NamedChoices } from './NamedChoices';

const BASE_KEY = { legal: 'result.base.legal', present: 'result.base.present', cast: 'result.base.cast' } as const;

interface Props {
  summary: VoteSummary;
  result: VoteResultView;
  /** In the history the card sits inside an expanded entry: no repeated title. */
  compact?: boolean;
}

export function ResultCard({ summary, result, compact = false }: Props) {
  const { t, lang, pick } = useI18n();
  const headingId = useId();
  const { required } = result;
  return (
    <article className={`result result--${result.passed ? 'passed' : 'rejected'}${compact ? ' result--compact' : ''}`} aria-labelledby={headingId}>
      <header className="result__header">
        <p className="result__verdict">
          <span className="result__icon" aria-hidden="true">
            {result.passed ? '✓' : '✕'}
          </span>
          {t(result.passed ? 'result.passed' : 'result.rejected')}
        </p>
        <div>
          <h3 id={headingId} className={compact ? 'visually-hidden' : 'result__title'}>
            {t('result.heading')}: {result.title}
          </h3>
          <p className="result__meta">
            {pick(VOTE_KIND_LABELS[result.kind])} · {t('result.closedAt', { time: formatTime(result.closedAt, lang) })}
          </p>
        </div>
      </header>

      <TallyBars tally={result.tally} />

      <dl className="facts facts--result">
        <div>
          <dt>{t('result.participants')}</dt>
          <dd>{result.participants}</dd>
        </div>
        <div>
          <dt>{t('result.eligible')}</dt>
          <dd>{result.eligible}</dd>
        </div>
        <div className="facts__wide">
          <dt>{t('result.required')}</dt>
          <dd>
            {majorityLabel(required.rule, lang)} – {required.neededYes === 1 ? t('result.neededYesOne') : t('result.neededYes', { n: required.neededYes })}
            {required.baseKind !== null && required.base !== null && (
              <span className="facts__sub">{t('result.base', { base: required.base, kind: t(BASE_KEY[required.baseKind]) })}</span>
            )}
          </dd>
        </div>
      </dl>
      {summary.motion && !compact && (
        <details className="result__motion">
          <summary>{t('item.motion')}</summary>
          <p className="motion-text">{summary.motion}</p>
        </details>
      )}
      {result.kind === 'secret' && <p className="notice notice--info">{t('result.secretNote')}</p>}
      {result.byFaction && result.byFaction.length > 0 && <FactionTable rows={result.byFaction} />}
      {result.named && result.named.length > 0 && <NamedChoices named={result.named} kind={result.kind} />}
    </article>
  );
}
