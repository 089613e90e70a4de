import { useState } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { Seat } from '../../../server/protocol/register';
import { ErrorAlert } from '../common/ErrorAlert';
import { useClerkAction, useTx } from './shared';

type PlanSeat = ClerkView['seats'][number];
const ROLES: Seat['role'][] = ['member', 'chair', 'staff'];

/**
 * The seat plan: every seat where it is in the room (the chair's desk at the top). Choosing a
 * seat opens its record; label, kind and position are saved as a SeatUpdated event.
 */
export function SeatPlan({ seats }: { seats: readonly PlanSeat[] }) {
  const tx = useTx();
  const action = useClerkAction();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const selected = seats.find((s) => s.id === selectedId) ?? null;
  return (
    <div className="seat-plan">
      <div className="seat-plan__room" role="group" aria-label={tx('Sitzplan', 'Seat plan')}>
        {seats.map((s) => (
          <button
            key={s.id}
            type="button"
            className={`seat-plan__seat seat-plan__seat--${s.role}${s.id === selectedId ? ' seat-plan__seat--selected' : ''}`}
            style={{ left: `${s.x * 100}%`, top: `${s.y * 100}%` }}
            aria-pressed={s.id === selectedId}
            aria-label={tx(`Platz ${s.label} bearbeiten`, `Edit seat ${s.label}`)}
            onClick={() => setSelectedId(s.id)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {selected && <SeatForm key={`${selected.id}:${selected.label}:${selected.x}:${selected.y}:${selected.role}`} seat={selected} busy={action.busy} onSave={(seat) => void action.run('updateSeat', { seat })} />}
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </div>
  );
}

function SeatForm({ seat, busy, onSave }: { seat: PlanSeat; busy: boolean; onSave: (seat: Seat) => void }) {
  const tx = useTx();
  const [label, setLabel] = useState(seat.label);
  const [role, setRole] = useState<Seat['role']>(seat.role);
  const [x, setX] = useState(String(Math.round(seat.x * 100)));
  const [y, setY] = useState(String(Math.round(seat.y * 100)));
  const pct = (v: string) => Math.min(100, Math.max(0, Number(v) || 0)) / 100;
  const roleLabel = (r: Seat['role']) => (r === 'chair' ? tx('Vorsitz', 'Chair') : r === 'staff' ? tx('Verwaltung', 'Staff') : tx('Mitglied', 'Member'));
  const id = `seat-${seat.id}`;
  return (
    <form
      className="clerk-form seat-plan__form"
      aria-label={tx(`Platz ${seat.label}`, `Seat ${seat.label}`)}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ id: seat.id, label: label.trim() || seat.label, role, x: pct(x), y: pct(y) });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-label`}>{tx('Bezeichnung', 'Label')}</label>
        <input id={`${id}-label`} className="input" maxLength={20} value={label} onChange={(e) => setLabel(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{tx('Art', 'Kind')}</label>
        <select id={`${id}-role`} className="input" value={role} onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? 'member')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-x`}>{tx('Von links (%)', 'From the left (%)')}</label>
        <input id={`${id}-x`} className="input" type="number" min={0} max={100} value={x} onChange={(e) => setX(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-y`}>{tx('Von oben (%)', 'From the top (%)')}</label>
        <input id={`${id}-y`} className="input" type="number" min={0} max={100} value={y} onChange={(e) => setY(e.target.value)} />
      </div>
      <button type="submit" className="btn btn--primary" disabled={busy}>
        {tx('Platz speichern', 'Save seat')}
      </button>
    </form>
  );
}
