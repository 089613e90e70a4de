import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatTime } from '../../../ui-shared/format';
import { isValidPin, pinInput, type PinRefusal } from '../../../ui-shared/devices';
import { LangToggle } from '../common/LangToggle';
import { useI18n } from '../i18n';
import { useDeviceText } from './texts';
import '../styles/devices.css';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

interface Props {
  /** "Sitzungsleitung", "Schriftführung". */
  screenName: string;
  /** Why the PIN is asked for: the server's refusal, or null after "Sperren". */
  refusal: PinRefusal | null;
  checking: boolean;
  onSubmit: (pin: string) => void;
}

/**
 * The PIN of a chair or clerk device: a big keypad for touch and the keyboard alike, masked,
 * with the attempts left and the lock time. The PIN goes to the connection, never to storage.
 */
export function PinScreen({ screenName, refusal, checking, onSubmit }: Props) {
  const { lang } = useI18n();
  const d = useDeviceText();
  const [pin, setPin] = useState('');
  const [invalid, setInvalid] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const messageId = useId();
  // back to the field with each new answer of the server (not with every render)
  const answer = refusal === null ? 'none' : `${refusal.kind}:${refusal.kind === 'wrong' ? refusal.remaining : refusal.kind === 'locked' ? refusal.until : ''}`;
  useEffect(() => {
    field.current?.focus();
  }, [answer, checking]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!isValidPin(pin)) {
      setInvalid(true);
      return;
    }
    onSubmit(pin);
    setPin('');
  };
  const type = (digit: string) => {
    setPin((p) => pinInput(p + digit));
    setInvalid(false);
    field.current?.focus();
  };

  let message: string | null = null;
  if (invalid) message = d('pin.invalid');
  else if (refusal?.kind === 'wrong')
    message = refusal.remaining === null ? d('pin.wrongUnknown') : refusal.remaining === 1 ? d('pin.wrongOne') : d('pin.wrong', { n: refusal.remaining });
  else if (refusal?.kind === 'locked')
    message = refusal.until ? d('pin.locked', { time: formatTime(refusal.until, lang) }) : d('pin.lockedNoTime');

  return (
    <div className="pin-screen">
      <header className="device-refused__header">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{screenName}</span>
        </span>
        <LangToggle />
      </header>
      <main className="pin-screen__main">
        <form className="pin-screen__panel" onSubmit={submit} noValidate aria-labelledby={`${fieldId}-title`}>
          <h1 id={`${fieldId}-title`} className="pin-screen__title">
            {d('pin.title')}
          </h1>
          <p className="pin-screen__intro">{d('pin.intro', { role: screenName })}</p>
          <label htmlFor={fieldId} className="visually-hidden">
            {d('pin.field')}
          </label>
          <input
            ref={field}
            id={fieldId}
            className="input pin-screen__field"
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={pin}
            disabled={checking}
            aria-invalid={message !== null}
            aria-describedby={message ? messageId : undefined}
            onChange={(e) => {
              setPin(pinInput(e.target.value));
              setInvalid(false);
            }}
          />
          <p className="visually-hidden" aria-live="polite">
            {d('pin.entered', { n: pin.length })}
          </p>
          <p id={messageId} className={message ? 'pin-screen__message' : 'pin-screen__message pin-screen__message--empty'} role="alert">
            {message}
          </p>
          {checking && (
            <p className="pin-screen__checking" role="status">
              {d('pin.checking')}
            </p>
          )}
          <div className="pin-pad" role="group" aria-label={d('pin.keypad')}>
            {KEYS.map((k) => (
              <button key={k} type="button" className="pin-pad__key" disabled={checking} onClick={() => type(k)}>
                {k}
              </button>
            ))}
            <button
              type="button"
              className="pin-pad__key pin-pad__key--tool"
              disabled={checking || pin === ''}
              aria-label={d('pin.clear')}
              onClick={() => {
                setPin('');
                field.current?.focus();
              }}
            >
              C
            </button>
            <button type="button" className="pin-pad__key" disabled={checking} onClick={() => type('0')}>
              0
            </button>
            <button
              type="button"
              className="pin-pad__key pin-pad__key--tool"
              disabled={checking || pin === ''}
              aria-label={d('pin.delete')}
              onClick={() => {
                setPin((p) => p.slice(0, -1));
                field.current?.focus();
              }}
            >
              ⌫
            </button>
          </div>
          <button type="submit" className="btn btn--primary btn--xl btn--block" disabled={checking} aria-busy={checking}>
            {d('pin.submit')}
          </button>
          <p className="pin-screen__hint">{d('pin.forgotten')}</p>
        </form>
      </main>
    </div>
  );
}
