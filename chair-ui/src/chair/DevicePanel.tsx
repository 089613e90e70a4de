import { useId, useState } from 'react';
import type { DeviceRow } from '../../../server/protocol/views';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useChairAction } from './context';

/** The card readers: which seat each serves and whether it is there. Hidden when there are none. */
export function DevicePanel({ devices }: { devices: readonly DeviceRow[] | undefined }) {
  const { t } = useI18n();
  const headingId = useId();
  const reload = useChairAction();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
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
      {editing ? (
        <MapEditor devices={sorted} onDone={(count) => { setEditing(false); setSaved(count); }} />
      ) : (
        <div className="devices__actions">
          <button type="button" className="btn btn--secondary devices__reload" disabled={reload.busy} onClick={() => void reload.run('reloadReaderMap', {})}>
            {t('devices.reload')}
          </button>
          <button type="button" className="btn btn--secondary" onClick={() => { setSaved(null); setEditing(true); }}>
            {t('devices.edit')}
          </button>
        </div>
      )}
      {saved !== null && !editing && (
        <p className="notice notice--success" role="status">
          {t('devices.saved', { count: saved })}
        </p>
      )}
      <ErrorAlert error={reload.error} onDismiss={reload.clearError} />
    </section>
  );
}

interface Row {
  key: number;
  reader: string;
  seat: string;
  known: boolean;
}

/** Edits the reader-to-seat map; the server checks it and writes the file in the data folder. */
function MapEditor({ devices, onDone }: { devices: readonly DeviceRow[]; onDone: (count: number | null) => void }) {
  const { t } = useI18n();
  const save = useChairAction();
  const titleId = useId();
  const [rows, setRows] = useState<Row[]>(() =>
    devices.map((d, i) => ({ key: i, reader: d.reader, seat: d.seatLabel === null || d.seatId === null ? '' : String(d.seatId), known: true })),
  );
  const [nextKey, setNextKey] = useState(devices.length);
  const update = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const submit = async () => {
    // rows without a seat are readers left unmapped
    const readers = rows.filter((r) => r.reader.trim() !== '' && r.seat.trim() !== '').map((r) => ({ reader: r.reader.trim(), seat: Number(r.seat) }));
    const answer = await save.run('saveReaderMap', { readers });
    if (answer) onDone(answer.readers);
  };
  return (
    <form
      className="devices__editor"
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={titleId}>{t('devices.editTitle')}</h3>
      <table className="devices__table">
        <thead>
          <tr>
            <th scope="col">{t('devices.readerName')}</th>
            <th scope="col">{t('devices.seatNumber')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('devices.removeRow')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>
                {r.known ? (
                  r.reader
                ) : (
                  <input className="input" aria-label={t('devices.readerName')} value={r.reader} onChange={(e) => update(r.key, { reader: e.target.value })} />
                )}
              </td>
              <td>
                <input
                  className="input devices__seat-input"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={9999}
                  aria-label={`${t('devices.seatNumber')}: ${r.reader || '–'}`}
                  value={r.seat}
                  onChange={(e) => update(r.key, { seat: e.target.value })}
                />
              </td>
              <td>
                <button type="button" className="btn btn--secondary" aria-label={`${t('devices.removeRow')}: ${r.reader || '–'}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="devices__actions">
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() => {
            setRows((rs) => [...rs, { key: nextKey, reader: '', seat: '', known: false }]);
            setNextKey((k) => k + 1);
          }}
        >
          {t('devices.addRow')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={save.busy}>
          {t('devices.save')}
        </button>
        <button type="button" className="btn btn--secondary" onClick={() => onDone(null)}>
          {t('devices.cancel')}
        </button>
      </div>
      <ErrorAlert error={save.error} onDismiss={save.clearError} />
    </form>
  );
}
