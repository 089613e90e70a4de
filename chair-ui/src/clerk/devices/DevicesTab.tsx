import { useCallback, useId, useMemo, useState, type FormEvent } from 'react';
import type { ClerkView } from '../../../../server/protocol/clerk';
import type { EnrolledDevice, IssuedPairingCode, PairingTarget } from '../../../../server/protocol/devices';
import { ROLE_NAMES, targetName } from '../../../../ui-shared/devices';
import { ErrorAlert } from '../../common/ErrorAlert';
import { ReasonDialog } from '../../common/ReasonDialog';
import { useI18n } from '../../i18n';
import { useClerkAction, useTx } from '../shared';
import { IssuedCode } from './IssuedCode';
import { PairingSheet } from './PairingSheet';
import '../../styles/devices.css';
import '../../styles/clerk-devices.css';

type Role = PairingTarget['role'];
const ROLES: readonly Role[] = ['seat', 'chair', 'clerk', 'display', 'agent'];

/** "23.11.2026, 18:40" in the screen's language. */
function dateTime(iso: string | null, locale: string): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** The clerk's devices: enrolled devices with their connection, revocation, new pairing codes and the set-up sheet. */
export function DevicesTab({ view }: { view: ClerkView }) {
  const tx = useTx();
  const { pick, locale } = useI18n();
  const labels = useMemo(() => new Map(view.seats.map((s) => [s.id, s.label])), [view.seats]);
  const seatLabel = useCallback((id: number) => labels.get(id) ?? String(id), [labels]);
  const nameOf = (target: PairingTarget) => pick(targetName(target, seatLabel));
  const [issued, setIssued] = useState<IssuedPairingCode | null>(null);
  const [sheet, setSheet] = useState<{ from: number; to: number; codes: IssuedPairingCode[] } | null>(null);
  const [revoking, setRevoking] = useState<EnrolledDevice | null>(null);
  const revokeAction = useClerkAction();
  const pendingAction = useClerkAction();
  const { devices, pending, staffUnlock } = view.devices;
  const closeSheet = useCallback(() => setSheet(null), []);

  return (
    <>
      <section className="panel" aria-labelledby="new-device-title">
        <h2 id="new-device-title" className="panel__title">
          {tx('Neues Gerät einrichten', 'Enrol a new device')}
        </h2>
        {issued ? (
          <div className="issued-box">
            <IssuedCode issued={issued} seatLabel={seatLabel} />
            <p className="field__hint">
              {tx(
                'Am Gerät den QR-Code scannen oder die Adresse öffnen und den Code eingeben. Der Code wird nur jetzt angezeigt.',
                'On the device scan the QR code, or open the address and type the code. The code is shown only now.',
              )}
            </p>
            <button type="button" className="btn btn--primary btn--lg" onClick={() => setIssued(null)}>
              {tx('Fertig', 'Done')}
            </button>
          </div>
        ) : (
          <NewDeviceForm view={view} seatLabel={seatLabel} onIssued={setIssued} />
        )}
      </section>

      <section className="panel" aria-labelledby="sheet-title">
        <h2 id="sheet-title" className="panel__title">
          {tx('Kopplungsblatt für Plätze', 'Pairing sheet for seats')}
        </h2>
        <SheetForm view={view} onCodes={(from, to, codes) => setSheet({ from, to, codes })} />
      </section>

      <section className="panel" aria-labelledby="pending-title">
        <h2 id="pending-title" className="panel__title">
          {tx(`Offene Kopplungscodes (${pending.length})`, `Open pairing codes (${pending.length})`)}
        </h2>
        <ErrorAlert error={pendingAction.error} onDismiss={pendingAction.clearError} />
        {pending.length === 0 ? (
          <p className="empty">{tx('Keine offenen Codes.', 'No open codes.')}</p>
        ) : (
          <table className="clerk-table">
            <thead>
              <tr>
                <th scope="col">{tx('Bezeichnung', 'Label')}</th>
                <th scope="col">{tx('Für', 'For')}</th>
                <th scope="col">{tx('Erstellt', 'Created')}</th>
                <th scope="col">{tx('Gültig bis', 'Valid until')}</th>
                <th scope="col">{tx('Aktionen', 'Actions')}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.label}</th>
                  <td>{nameOf(p.target)}</td>
                  <td>{dateTime(p.createdAt, locale)}</td>
                  <td>{dateTime(p.expiresAt, locale)}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn--secondary btn--sm"
                      disabled={pendingAction.busy}
                      aria-label={tx(`Code für ${p.label} zurückziehen`, `Withdraw the code for ${p.label}`)}
                      onClick={() => void pendingAction.run('cancelPairingCode', { id: p.id })}
                    >
                      {tx('Zurückziehen', 'Withdraw')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="devices-title">
        <h2 id="devices-title" className="panel__title">
          {tx(`Geräte (${devices.filter((x) => !x.revokedAt).length} aktiv)`, `Devices (${devices.filter((x) => !x.revokedAt).length} active)`)}
        </h2>
        <p className="field__hint devices-unlock">
          {staffUnlock === 'pin'
            ? tx('Geräte der Sitzungsleitung und der Schriftführung fragen vor der Nutzung ihre PIN ab.', 'Chair and clerk devices ask for their PIN before use.')
            : tx('Geräte der Sitzungsleitung und der Schriftführung fragen keine PIN ab.', 'Chair and clerk devices do not ask for a PIN.')}
        </p>
        {devices.length === 0 ? (
          <p className="empty">{tx('Noch kein Gerät eingerichtet.', 'No device enrolled yet.')}</p>
        ) : (
          <table className="clerk-table">
            <thead>
              <tr>
                <th scope="col">{tx('Bezeichnung', 'Label')}</th>
                <th scope="col">{tx('Rolle', 'Role')}</th>
                <th scope="col">{tx('Eingerichtet', 'Enrolled')}</th>
                <th scope="col">{tx('Zuletzt gesehen', 'Last seen')}</th>
                <th scope="col">{tx('Verbindung', 'Connection')}</th>
                <th scope="col">{tx('Status', 'Status')}</th>
                <th scope="col">{tx('Aktionen', 'Actions')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((x) => (
                <tr key={x.id} className={x.revokedAt ? 'is-inactive' : ''}>
                  <th scope="row">{x.label}</th>
                  <td>
                    {nameOf(x.target)}
                    {x.pinSet && <span className="tag">{tx('PIN', 'PIN')}</span>}
                  </td>
                  <td>{dateTime(x.enrolledAt, locale)}</td>
                  <td>{dateTime(x.lastSeenAt, locale)}</td>
                  <td>
                    <span className={`conn conn--${x.connected ? 'connected' : 'disconnected'}`}>
                      <span className="conn__dot" aria-hidden="true" />
                      {x.connected ? tx('verbunden', 'connected') : tx('nicht verbunden', 'not connected')}
                    </span>
                  </td>
                  <td>
                    {x.revokedAt ? (
                      <>
                        <span className="tag tag--revoked">{tx('Gesperrt', 'Revoked')}</span> {dateTime(x.revokedAt, locale)}
                        {x.revokeReason && (
                          <span className="device-reason">
                            {tx('Grund', 'Reason')}: {x.revokeReason}
                          </span>
                        )}
                      </>
                    ) : (
                      tx('aktiv', 'active')
                    )}
                  </td>
                  <td>
                    {!x.revokedAt && (
                      <button
                        type="button"
                        className="btn btn--danger-outline btn--sm"
                        // the visible label first, then which device (WCAG 2.5.3, label in name)
                        aria-label={tx(`Gerät sperren: ${x.label}`, `Revoke device: ${x.label}`)}
                        onClick={() => {
                          revokeAction.clearError();
                          setRevoking(x);
                        }}
                      >
                        {tx('Gerät sperren', 'Revoke device')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <ReasonDialog
        open={revoking !== null}
        title={revoking ? tx(`Gerät „${revoking.label}“ sperren?`, `Revoke device "${revoking.label}"?`) : ''}
        fieldLabel={tx('Grund', 'Reason')}
        required
        confirmLabel={tx('Gerät sperren', 'Revoke device')}
        tone="danger"
        busy={revokeAction.busy}
        error={revokeAction.error}
        onConfirm={(reason) => {
          if (!revoking) return;
          void revokeAction.run('revokeDevice', { deviceId: revoking.id, reason }).then((done) => {
            if (done) setRevoking(null);
          });
        }}
        onClose={() => setRevoking(null)}
      >
        <p>
          {revoking &&
            tx(
              `${nameOf(revoking.target)}: Die Verbindung des Geräts wird sofort getrennt; es kann sich danach nicht mehr verbinden. Zum Wiederverwenden muss es neu eingerichtet werden.`,
              `${nameOf(revoking.target)}: the device's connection drops at once and it cannot connect again. To use it again, enrol it anew.`,
            )}
        </p>
      </ReasonDialog>

      {sheet && (
        <PairingSheet bodyName={view.body.name} fromSeat={sheet.from} toSeat={sheet.to} codes={sheet.codes} seatLabel={seatLabel} onClose={closeSheet} />
      )}
    </>
  );
}

function defaultLabel(role: Role, seat: number, from: number, to: number, seatLabel: (id: number) => string, lang: 'de' | 'en'): string {
  if (role === 'agent') return `${ROLE_NAMES.agent[lang]} ${from}–${to}`;
  return targetName(role === 'seat' ? { role, seatId: seat } : { role }, seatLabel)[lang];
}

function NewDeviceForm({ view, seatLabel, onIssued }: { view: ClerkView; seatLabel: (id: number) => string; onIssued: (code: IssuedPairingCode) => void }) {
  const tx = useTx();
  const { pick, lang } = useI18n();
  const action = useClerkAction();
  const firstSeat = view.seats[0]?.id ?? 1;
  const [role, setRole] = useState<Role>('seat');
  const [seat, setSeat] = useState(firstSeat);
  const [from, setFrom] = useState(firstSeat);
  const [to, setTo] = useState(firstSeat);
  const [label, setLabel] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const ids = { seat: useId(), from: useId(), to: useId(), label: useId() };
  const shownLabel = label ?? defaultLabel(role, seat, from, to, seatLabel, lang);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    let target: PairingTarget;
    if (role === 'seat') target = { role, seatId: seat };
    else if (role === 'agent') {
      if (to < from) {
        setProblem(tx('„Bis“ muss mindestens „von“ sein.', '"To" must not be below "from".'));
        return;
      }
      const seats = view.seats.map((s) => s.id).filter((id) => id >= from && id <= to);
      if (seats.length > 64) {
        setProblem(tx('Eine Kartenleser-Einheit kann höchstens 64 Plätze bedienen.', 'A card reader unit serves at most 64 seats.'));
        return;
      }
      target = { role, seats };
    } else target = { role };
    if (shownLabel.trim() === '') {
      setProblem(tx('Bitte eine Bezeichnung eingeben.', 'Please enter a label.'));
      return;
    }
    const code = await action.run('createPairingCode', { target, label: shownLabel.trim() });
    if (code) {
      setLabel(null);
      onIssued(code);
    }
  };

  const seatOptions = view.seats.map((s) => (
    <option key={s.id} value={s.id}>
      {tx(`Platz ${s.label}`, `Seat ${s.label}`)}
    </option>
  ));
  return (
    <form className="new-device" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="new-device__roles">
        <legend>{tx('Rolle des Geräts', "The device's role")}</legend>
        {ROLES.map((r) => (
          <label key={r} className={`new-device__role${role === r ? ' is-selected' : ''}`}>
            <input type="radio" name="device-role" value={r} checked={role === r} onChange={() => setRole(r)} />
            {pick(ROLE_NAMES[r])}
          </label>
        ))}
      </fieldset>
      <div className="clerk-form">
        {role === 'seat' && (
          <div className="field">
            <label htmlFor={ids.seat}>{tx('Platz wählen', 'Choose the seat')}</label>
            <select id={ids.seat} className="input" value={seat} onChange={(e) => setSeat(Number(e.target.value))}>
              {seatOptions}
            </select>
          </div>
        )}
        {role === 'agent' && (
          <>
            <div className="field">
              <label htmlFor={ids.from}>{tx('Plätze von', 'Seats from')}</label>
              <select id={ids.from} className="input" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {seatOptions}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.to}>{tx('bis', 'to')}</label>
              <select id={ids.to} className="input" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {seatOptions}
              </select>
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={ids.label}>{tx('Bezeichnung', 'Label')}</label>
          <input id={ids.label} className="input" type="text" maxLength={80} value={shownLabel} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="field">
          <button type="submit" className="btn btn--primary btn--lg" disabled={action.busy} aria-busy={action.busy}>
            {tx('Kopplungscode erzeugen', 'Create pairing code')}
          </button>
        </div>
      </div>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </form>
  );
}

function SheetForm({ view, onCodes }: { view: ClerkView; onCodes: (from: number, to: number, codes: IssuedPairingCode[]) => void }) {
  const tx = useTx();
  const action = useClerkAction();
  const seatIds = view.seats.map((s) => s.id);
  const [from, setFrom] = useState(String(seatIds[0] ?? 1));
  const [to, setTo] = useState(String(seatIds.at(-1) ?? 1));
  const [problem, setProblem] = useState<string | null>(null);
  const fromId = useId();
  const toId = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const a = Number(from);
    const b = Number(to);
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < 1) {
      setProblem(tx('Bitte zwei Platznummern eingeben.', 'Please enter two seat numbers.'));
      return;
    }
    if (b < a) {
      setProblem(tx('„Bis“ muss mindestens „von“ sein.', '"To" must not be below "from".'));
      return;
    }
    const result = await action.run('createSeatPairingCodes', { fromSeat: a, toSeat: b });
    if (result) onCodes(a, b, result.codes);
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p className="field__hint">
        {tx(
          'Erzeugt für jeden Platz des Bereichs einen Code und öffnet ein Blatt zum Ausdrucken: je Platz Code, QR-Code und Platzbezeichnung.',
          'Creates a code for each seat of the range and opens a sheet to print: code, QR code and seat label per seat.',
        )}
      </p>
      <div className="clerk-form">
        <div className="field">
          <label htmlFor={fromId}>{tx('Plätze von', 'Seats from')}</label>
          <input id={fromId} className="input" type="number" inputMode="numeric" min={1} value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={toId}>{tx('bis', 'to')}</label>
          <input id={toId} className="input" type="number" inputMode="numeric" min={1} value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <button type="submit" className="btn btn--secondary btn--lg" disabled={action.busy} aria-busy={action.busy}>
            {tx('Kopplungsblatt erzeugen', 'Create pairing sheet')}
          </button>
        </div>
      </div>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </form>
  );
}
