import { useId } from 'react';
import { CHOICES } from '../../../server/protocol/common';
import { CHOICE_LABELS, VOTE_KIND_LABELS } from '../../../server/protocol/labels';
import type { ChairView, ItemView } from '../../../server/protocol/views';
import { formatTime } from '../../../ui-shared/format';
import { useI18n } from '../i18n';
import { ResultCard } from './ResultCard';

interface Props {
  history: ChairView['history'];
  agenda: readonly ItemView[];
}

/** Every closed and cancelled vote of the session, newest first. */
export function VoteHistory({ history, agenda }: Props) {
  const { t, lang, pick } = useI18n();
  const headingId = useId();
  const numberOf = (itemId: string) => agenda.find((i) => i.id === itemId)?.number ?? '?';
  return (
    <section className="panel history" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {t('history.heading')}
      </h2>
      {history.length === 0 ? (
        <p className="empty">{t('history.empty')}</p>
      ) : (
        <ul className="history__list">
          {history.map(({ summary, result, cancelReason, corrections }) => {
            const status = summary.status === 'cancelled' ? 'cancelled' : result?.passed ? 'passed' : 'rejected';
            const statusText = t(status === 'cancelled' ? 'result.cancelled' : status === 'passed' ? 'result.passed' : 'result.rejected');
            return (
              <li key={summary.id}>
                <details className={`history__entry history__entry--${status}`}>
                  <summary>
                    <span className="history__time">{summary.closedAt ? formatTime(summary.closedAt, lang) : ''}</span>
                    <span className="history__item">{t('agenda.top', { number: numberOf(summary.itemId) })}</span>
                    <span className="history__title">{summary.title}</span>
                    {result && (
                      <span className="history__tally">
                        <span aria-hidden="true">
                          {result.tally.yes} : {result.tally.no} : {result.tally.abstain}
                        </span>
                        <span className="visually-hidden">{CHOICES.map((c) => `${pick(CHOICE_LABELS[c])} ${result.tally[c]}`).join(', ')}</span>
                      </span>
                    )}
                    <span className={`tag tag--${status}`}>{statusText}</span>
                  </summary>
                  <div className="history__body">
                    <p className="history__kind">{pick(VOTE_KIND_LABELS[summary.kind])}</p>
                    {summary.status === 'cancelled' ? (
                      cancelReason && <p className="cancelled__reason">{t('result.cancelReason', { reason: cancelReason })}</p>
                    ) : result ? (
                      <ResultCard summary={summary} result={result} compact />
                    ) : (
                      <p className="empty">{t('result.unavailable')}</p>
                    )}
                    {corrections.map((c, i) => (
                      <p key={i} className="history__correction">
                        {lang === 'de'
                          ? `Korrektur ${formatTime(c.at, lang)}: ${c.tally.yes} Ja, ${c.tally.no} Nein, ${c.tally.abstain} Enthaltungen – ${c.passed ? 'angenommen' : 'abgelehnt'}. Grund: ${c.reason}`
                          : `Correction ${formatTime(c.at, lang)}: ${c.tally.yes} yes, ${c.tally.no} no, ${c.tally.abstain} abstentions – ${c.passed ? 'passed' : 'rejected'}. Reason: ${c.reason}`}
                      </p>
                    ))}
                  </div>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
