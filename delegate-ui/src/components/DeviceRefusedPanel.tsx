import type { ErrorPayload } from '../../../server/protocol/errors';
import { DeviceRefusalActions, deviceRefusalTexts } from '../../../ui-shared/DeviceRefusal';
import type { DeviceRefusal } from '../../../ui-shared/devices';
import { useT } from '../i18n';
import { WarningIcon } from '../icons';
import '../styles/device.css';

/**
 * This seat device is not enrolled, was revoked (also while it was connected: the server drops it
 * and refuses the reconnect) or is enrolled for another seat or role: what happened and what to do.
 */
export function DeviceRefusedPanel({ refusal, error }: { refusal: DeviceRefusal; error: ErrorPayload }) {
  const { lang, pick } = useT();
  const text = deviceRefusalTexts({ refusal, error, lang, pick });
  return (
    <main className="center-screen device-refused-seat" data-refusal={refusal}>
      <div className="panel device-refused-seat__panel" role="alert">
        <h1 className="device-refused-seat__title">
          <WarningIcon className="icon icon--lg" />
          {text.title}
        </h1>
        <p className="device-refused-seat__body">{text.body}</p>
        {text.contact && <p className="device-refused-seat__contact">{text.contact}</p>}
        <DeviceRefusalActions refusal={refusal} lang={lang} pick={pick} className="refused__actions" />
      </div>
    </main>
  );
}
