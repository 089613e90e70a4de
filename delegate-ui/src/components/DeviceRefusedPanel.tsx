import type { ErrorPayload } from '../../../server/protocol/errors';
import { deviceText, type DeviceTextKey } from '../../../ui-shared/device-texts';
import type { Params } from '../../../ui-shared/i18n';
import { useDeviceSelf } from '../../../ui-shared/device-api';
import { targetName, wrongPlaceText, type DeviceRefusal } from '../../../ui-shared/devices';
import { useT } from '../i18n';
import { WarningIcon } from '../icons';
import '../styles/device.css';

/**
 * This seat device is not enrolled, was revoked (also while it was connected: the server drops it
 * and refuses the reconnect) or is enrolled for another seat or role: what happened and what to do.
 */
export function DeviceRefusedPanel({ refusal, error }: { refusal: DeviceRefusal; error: ErrorPayload }) {
  const { lang, pick } = useT();
  const d = (key: DeviceTextKey, params?: Params) => deviceText(lang, key, params);
  const elsewhere = refusal === 'wrong-role' || refusal === 'wrong-seat';
  // enrolled for another seat or screen: offer that one directly
  const home = useDeviceSelf(elsewhere);
  const body =
    refusal === 'not-enrolled'
      ? d('refused.not-enrolled.body')
      : refusal === 'revoked'
        ? d('refused.revoked.body')
        : `${pick(wrongPlaceText(error) ?? error.message)} ${d('refused.other')}`;
  return (
    <main className="center-screen device-refused-seat" data-refusal={refusal}>
      <div className="panel device-refused-seat__panel" role="alert">
        <h1 className="device-refused-seat__title">
          <WarningIcon className="icon icon--lg" />
          {d(`refused.${refusal}.title`)}
        </h1>
        <p className="device-refused-seat__body">{body}</p>
        {refusal !== 'revoked' && <p className="device-refused-seat__contact">{d('refused.contact')}</p>}
        <div className="refused__actions">
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
      </div>
    </main>
  );
}
