import type { Tally } from '../../../server/protocol/common';
import { CHOICES } from '../../../server/protocol/common';
import { CHOICE_LABELS } from '../../../server/protocol/labels';
import { useI18n } from '../i18n';

/** Ja / Nein / Enthaltung as labelled numbers with horizontal bars (relative to the largest). */
export function TallyBars({ tally, className = 'tally' }: { tally: Tally; className?: string }) {
  const { pick } = useI18n();
  const max = Math.max(1, tally.yes, tally.no, tally.abstain);
  return (
    <ul className={className}>
      {CHOICES.map((c) => (
        <li key={c} className={`${className}__row ${className}__row--${c}`}>
          <span className={`${className}__label`}>{pick(CHOICE_LABELS[c])}</span>
          <span className={`${className}__track`} aria-hidden="true">
            <span className={`${className}__bar`} style={{ width: `${(tally[c] / max) * 100}%` }} />
          </span>
          <span className={`${className}__value`}>{tally[c]}</span>
        </li>
      ))}
    </ul>
  );
}
