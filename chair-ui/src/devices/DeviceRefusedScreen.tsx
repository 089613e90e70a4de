import type { ErrorPayload } from '../../../server/protocol/errors';
import { useDeviceSelf } from '../../../ui-shared/device-api';
import { targetName, wrongPlaceText, type DeviceRefusal } from '../../../ui-shared/devices';
import { LangToggle } from '../common/LangToggle';
import { useI18n } from '../i18n';
import { useDeviceText } from './texts';
import '../styles/devices.css';

/**
 * The server will not let this device in (not enrolled, revoked, enrolled for another role or
 * seat): a full-screen explanation with the way forward instead of a console that never fills.
 */
export function DeviceRefusedScreen({ refusal, error, screenName }: { refusal: DeviceRefusal; error: ErrorPayload; screenName: string }) {
  const { pick } = useI18n();
  const d = useDeviceText();
  const elsewhere = refusal === 'wrong-role' || refusal === 'wrong-seat';
  // enrolled for another screen: offer that screen directly
  const home = useDeviceSelf(elsewhere);
  const body =
    refusal === 'not-enrolled'
      ? d('refused.not-enrolled.body')
      : refusal === 'revoked'
        ? d('refused.revoked.body')
        : `${pick(wrongPlaceText(error) ?? error.message)} ${d('refused.other')}`;
  return (
    <div className="device-refused" data-refusal={refusal}>
      <header className="device-refused__header">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{screenName}</span>
        </span>
        <LangToggle />
      </header>
      <main className="device-refused__main">
        <div className="device-refused__panel" role="alert">
          <h1 className="device-refused__title">{d(`refused.${refusal}.title`)}</h1>
          <p className="device-refused__body">{body}</p>
          {refusal !== 'revoked' && <p className="device-refused__contact">{d('refused.contact')}</p>}
        </div>
        <div className="device-refused__actions">
          {elsewhere && home?.home ? (
            <a className="btn btn--primary btn--xl" href={home.home}>
              {d('refused.home', { target: pick(targetName(home.target)) })}
            </a>
          ) : elsewhere ? (
            <a className="btn btn--primary btn--xl" href="/">
              {d('refused.start')}
            </a>
          ) : (
            <a className={`btn ${refusal === 'not-enrolled' ? 'btn--primary' : 'btn--secondary'} btn--xl`} href="/pair">
              {d('refused.pair')}
            </a>
          )}
          <button type="button" className="btn btn--secondary btn--xl" onClick={() => window.location.reload()}>
            {d('refused.retry')}
          </button>
        </div>
      </main>
    </div>
  );
}
