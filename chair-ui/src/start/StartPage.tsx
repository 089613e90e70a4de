import { useId, useState, type FormEvent } from 'react';
import { LangToggle } from '../common/LangToggle';
import { DeviceSetup } from './DeviceSetup';
import { ThisDevice } from '../devices/ThisDevice';
import '../styles/devices.css';
import { useI18n } from '../i18n';
import '../styles/start.css';

export function StartPage() {
  const { t, lang } = useI18n();
  const [seat, setSeat] = useState('');
  const [invalid, setInvalid] = useState(false);
  const fieldId = useId();
  const errorId = useId();
  const openSeat = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(seat.trim());
    if (!Number.isInteger(n) || n < 1 || n > 9999) {
      setInvalid(true);
      return;
    }
    window.location.assign(`/seat/${n}`);
  };
  return (
    <div className="start">
      <header className="start__header">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <LangToggle />
      </header>
      <main className="start__main">
        <h1 className="start__title">{t('start.title')}</h1>
        <p className="start__intro">{t('start.intro')}</p>
        <ThisDevice initialCode="" alwaysOfferPairing={false} />
        <ul className="start__choices">
          <li>
            <a className="start__card" href="/chair">
              <span className="start__card-title">{t('start.chair')}</span>
              <span className="start__card-desc">{t('start.chair.desc')}</span>
            </a>
          </li>
          <li>
            <a className="start__card" href="/display">
              <span className="start__card-title">{t('start.display')}</span>
              <span className="start__card-desc">{t('start.display.desc')}</span>
            </a>
          </li>
          <li>
            <a className="start__card" href="/clerk">
              <span className="start__card-title">{lang === 'de' ? 'Schriftführung' : 'Clerk'}</span>
              <span className="start__card-desc">
                {lang === 'de' ? 'Register, Karten, Einträge von Hand und Korrekturen' : 'Register, cards, manual entries and corrections'}
              </span>
            </a>
          </li>
          <li>
            <form className="start__card start__card--form" onSubmit={openSeat} noValidate>
              <h2 className="start__card-title">{t('start.seat')}</h2>
              <span className="start__card-desc">{t('start.seat.desc')}</span>
              <div className="start__seat-row">
                <label htmlFor={fieldId} className="start__seat-label">
                  {t('start.seat.field')}
                </label>
                <input
                  id={fieldId}
                  className="input input--lg"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={9999}
                  value={seat}
                  aria-invalid={invalid}
                  aria-describedby={invalid ? errorId : undefined}
                  onChange={(e) => {
                    setSeat(e.target.value);
                    setInvalid(false);
                  }}
                />
                <button type="submit" className="btn btn--primary btn--lg">
                  {t('start.seat')}
                </button>
              </div>
              {invalid && (
                <p id={errorId} className="field__error" role="alert">
                  {t('start.seat.invalid')}
                </p>
              )}
            </form>
          </li>
        </ul>
        <DeviceSetup />
      </main>
    </div>
  );
}
