import { CHOICES, type Tally } from '../../../server/protocol/common';
import { CHOICE_LABELS } from '../../../server/protocol/labels';
import { useT } from '../i18n';
import { ChoiceIcon } from '../icons';

/** Ja / Nein / Enthaltung as large numbers with a proportional bar. */
export function TallyView({ tally }: { tally: Tally }) {
  const { t, pick } = useT();
  const total = tally.yes + tally.no + tally.abstain;
  return (
    <div className="tally">
      <dl className="tally__counts" aria-label={t('result.counts')}>
        {CHOICES.map((c) => (
          <div key={c} className={`tally__item tally__item--${c}`}>
            <dt>
              <ChoiceIcon choice={c} className="icon" />
              {pick(CHOICE_LABELS[c])}
            </dt>
            <dd>{tally[c]}</dd>
          </div>
        ))}
      </dl>
      {total > 0 && (
        <div className="tally__bar" aria-hidden="true">
          {CHOICES.map((c) => (tally[c] > 0 ? <span key={c} className={`tally__seg tally__seg--${c}`} style={{ flexGrow: tally[c] }} /> : null))}
        </div>
      )}
    </div>
  );
}
