import type { ErrorPayload } from '../../../server/protocol/errors';
import { useT } from '../i18n';
import { WarningIcon } from '../icons';
import { deviceRefusalOf } from '../../../ui-shared/devices';
import { DeviceRefusedPanel } from './DeviceRefusedPanel';

/** The server refused this seat (unknown seat, outdated page): nothing to retry automatically. */
export function RefusedScreen({ error }: { error: ErrorPayload }) {
  const { t, pick } = useT();
  const deviceRefusal = deviceRefusalOf(error);
  if (deviceRefusal) return <DeviceRefusedPanel refusal={deviceRefusal} error={error} />;
  return (
    <main className="center-screen">
      <div className="panel refused">
        <h2 className="refused__title">
          <WarningIcon className="icon icon--lg" />
          {t('conn.refused')}
        </h2>
        <p className="refused__message">{pick(error.message)}</p>
        <div className="refused__actions">
          <button type="button" className="btn btn--primary btn--xl" onClick={() => window.location.reload()}>
            {t('conn.reload')}
          </button>
          {error.code === 'seat-unknown' && (
            <a className="btn btn--secondary btn--xl" href="/seat/">
              {t('conn.otherSeat')}
            </a>
          )}
        </div>
      </div>
    </main>
  );
}
