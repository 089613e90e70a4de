import { CHOICES, type Choice } from '../../../server/protocol/common';
import { CHOICE_LABELS } from '../../../server/protocol/labels';
import { useT } from '../i18n';
import { ChoiceIcon } from '../icons';

interface ChoiceButtonsProps {
  /** The recorded choice to mark (open and named votes); null: none. */
  pressed: Choice | null;
  /** Toggle semantics (aria-pressed) only where a vote can be changed. */
  changeable: boolean;
  sending: Choice | null;
  disabled: boolean;
  onChoose: (choice: Choice) => void;
}

export function ChoiceButtons({ pressed, changeable, sending, disabled, onChoose }: ChoiceButtonsProps) {
  const { t, pick } = useT();
  return (
    <div className={`choices${pressed ? ' choices--has-pressed' : ''}`} role="group" aria-label={t('vote.choices')}>
      {CHOICES.map((choice) => {
        const label = pick(CHOICE_LABELS[choice]);
        const classes = ['choice', `choice--${choice}`];
        if (pressed === choice) classes.push('is-pressed');
        if (sending === choice) classes.push('is-sending');
        return (
          <button
            key={choice}
            type="button"
            className={classes.join(' ')}
            aria-pressed={changeable ? pressed === choice : undefined}
            disabled={disabled}
            onClick={() => onChoose(choice)}
          >
            <span className="choice__symbol" aria-hidden="true">
              {sending === choice ? <span className="spinner" /> : <ChoiceIcon choice={choice} className="choice__icon" />}
            </span>
            <span className="choice__label">{label}</span>
            {pressed === choice && (
              <span className="choice__badge" aria-hidden="true">
                {t('vote.yourChoice')}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
