import { useId } from 'react';
import type { DeviceRow } from '../../../server/protocol/views';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useChairAction } from './context';

/** The card readers: which seat each serves and whether it is there. Hidden when there are none. */
export function DevicePanel({ devices }: { devices: readonly DeviceRow[] | undefined }) {
  const { t } = useI18n();
  const headingId = useId();
  const reload = useChairAction();
  if (!devices || devices.length === 0) return null;
  const missing = devices.filter((d) => !d.connected).length;
  const sorted = [...devices].sort((a, b) => (a.seatId ?? 1e9) - (b.seatId ?? 1e9) || a.reader.localeCompare(b.reader));
  return (
    <section className="panel devices" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {t('devices.heading')}
      </h2>
      <p className={missing > 0 ? 'devices__summary devices__summary--warn' : 'devices__summary'} role="status">
        {missing > 0 ? t('devices.missing', { count: missing }) : t('devices.allConnected', { count: devices.length })}
      </p>
      <table className="devices__table">
        <thead>
          <tr>
            <th scope="col">{t('devices.seat')}</th>
            <th scope="col">{t('devices.reader')}</th>
            <th scope="col">{t('devices.state')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((d) => (
            <tr key={d.reader} className={d.connected ? undefined : 'devices__row--missing'}>
              <td>{d.seatLabel ?? t('devices.unmapped')}</td>
              <td>
                {d.reader}
                {d.kind === 'agent' && <span className="devices__kind"> ({t('devices.agent')})</span>}
              </td>
              <td>{d.connected ? t('devices.connected') : t('devices.disconnected')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn--secondary devices__reload" disabled={reload.busy} onClick={() => void reload.run('reloadReaderMap', {})}>
        {t('devices.reload')}
      </button>
      <ErrorAlert error={reload.error} onDismiss={reload.clearError} />
    </section>
  );
}
