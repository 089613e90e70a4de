import { useId, useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { parseSeatId, seatPath } from '../route';
import { Brand } from './Brand';
import { LangToggle } from './LangToggle';

/** /seat/ without a number: set up which seat this device is. */
export function SeatPicker({ invalidPath }: { invalidPath: boolean }) {
  const { t } = useT();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const inputId = useId();
  const errorId = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const seatId = parseSeatId(value);
    if (seatId === null) {
      setInvalid(true);
      return;
    }
    window.location.assign(seatPath(seatId));
  };

  return (
    <div className="app">
      <header className="topbar">
        <div className="topbar__seat">
          <Brand />
        </div>
        <div className="topbar__tools">
          <LangToggle />
        </div>
      </header>
      <main className="center-screen">
        <form className="panel picker" onSubmit={submit} noValidate>
          <h1 className="picker__title">{t('picker.title')}</h1>
          <p className="muted">{t('picker.intro')}</p>
          {invalidPath && <p className="picker__path-error">{t('picker.badPath')}</p>}
          <label htmlFor={inputId} className="picker__label">
            {t('picker.field')}
          </label>
          <input
            id={inputId}
            className="picker__input"
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="off"
            maxLength={4}
            value={value}
            aria-invalid={invalid}
            aria-describedby={invalid ? errorId : undefined}
            onChange={(e) => {
              setValue(e.target.value);
              setInvalid(false);
            }}
          />
          {invalid && (
            <p id={errorId} className="picker__error" role="alert">
              {t('picker.invalid')}
            </p>
          )}
          <button type="submit" className="btn btn--primary btn--xl btn--block">
            {t('picker.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
