import type { ErrorPayload } from '../../../server/protocol/errors';
import { DeviceRefusalActions, deviceRefusalTexts } from '../../../ui-shared/DeviceRefusal';
import type { DeviceRefusal } from '../../../ui-shared/devices';
import { LangToggle } from '../common/LangToggle';
import { useI18n } from '../i18n';
import '../styles/devices.css';

/**
 * The server will not let this device in (not enrolled, revoked, enrolled for another role or
 * seat): a full-screen explanation with the way forward instead of a console that never fills.
 */
export function DeviceRefusedScreen({ refusal, error, screenName }: { refusal: DeviceRefusal; error: ErrorPayload; screenName: string }) {
  const { lang, pick } = useI18n();
  const text = deviceRefusalTexts({ refusal, error, lang, pick });
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
          <h1 className="device-refused__title">{text.title}</h1>
          <p className="device-refused__body">{text.body}</p>
          {text.contact && <p className="device-refused__contact">{text.contact}</p>}
        </div>
        <DeviceRefusalActions refusal={refusal} lang={lang} pick={pick} className="device-refused__actions" />
      </main>
    </div>
  );
}
