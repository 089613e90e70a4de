import { useEffect } from 'react';
import { codeFromSearch } from '../../../ui-shared/devices';
import { LangToggle } from '../common/LangToggle';
import { useI18n } from '../i18n';
import { DeviceSetup } from '../start/DeviceSetup';
import { ThisDevice } from './ThisDevice';
import { useDeviceText } from './texts';
import '../styles/start.css';
import '../styles/devices.css';

/** /pair: what the QR code of a pairing code opens (?code=ABCD-EFGH fills the field). */
export function PairPage() {
  const { t } = useI18n();
  const d = useDeviceText();
  const title = d('pair.title');
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <div className="start">
      <header className="start__header">
        <a className="brand start__home" href="/">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
        </a>
        <LangToggle />
      </header>
      <main className="start__main">
        <h1 className="start__title">{title}</h1>
        <p className="start__intro">{d('pair.intro')}</p>
        <ThisDevice initialCode={codeFromSearch(window.location.search)} alwaysOfferPairing />
        <DeviceSetup />
      </main>
    </div>
  );
}
