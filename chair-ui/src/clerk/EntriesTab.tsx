import { useState } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { Choice } from '../../../server/protocol/common';
import { CHOICE_LABELS, INELIGIBILITY_LABELS, VOTE_KIND_LABELS } from '../../../server/protocol/labels';
import { formatTime } from '../../../ui-shared/format';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useClerkAction, useTx } from './shared';

/** Manual attendance (card forgotten, late arrival) and manual ballots (a seat unit failed). */
export function EntriesTab({ view }: { view: ClerkView }) {
  return (
    <>
      {view.vote && <ManualBallots vote={view.vote} />}
      <ManualAttendance view={view} />
    </>
  );
}

function ManualBallots({ vote }: { vote: NonNullable<ClerkView['vote']> }) {
  const tx = useTx();
  const { pick } = useI18n();
  const action = useClerkAction();
  const [reason, setReason] = useState('');
  const secret = vote.summary.kind === 'secret';
  const cast = (memberId: string, choice: Choice) =>
    void action.run('manualBallot', { voteId: vote.summary.id, memberId, choice, reason: reason.trim() || tx('Platzgerät ausgefallen', 'Seat unit failed') });
  return (
    <section className="panel" aria-labelledby="ballots-title">
      <h2 id="ballots-title" className="panel__title">
        {tx('Stimme von Hand erfassen', 'Enter a ballot by hand')} – {vote.summary.title} ({pick(VOTE_KIND_LABELS[vote.summary.kind])})
      </h2>
      {secret ? (
        <p className="clerk-banner clerk-banner--error">
          {tx(
            'Geheime Abstimmung: Stimmen können nicht von Hand erfasst werden, sonst wäre das Wahlgeheimnis verletzt. Fällt ein Gerät aus, bricht die Sitzungsleitung die Abstimmung ab und wiederholt sie.',
            'Secret vote: ballots cannot be entered by hand, that would break ballot secrecy. If a device fails, the chair cancels and repeats the vote.',
          )}
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="ballot-reason">{tx('Grund (für die Niederschrift)', 'Reason (for the minutes)')}</label>
            <input id="ballot-reason" className="input" value={reason} placeholder={tx('Platzgerät ausgefallen', 'Seat unit failed')} onChange={(e) => setReason(e.target.value)} />
          </div>
          <ErrorAlert error={action.error} onDismiss={action.clearError} />
          <table className="clerk-table">
            <thead>
              <tr>
                <th scope="col">{tx('Mitglied', 'Member')}</th>
                <th scope="col">{tx('Stand', 'Status')}</th>
                <th scope="col">{tx('Stimme erfassen', 'Enter ballot')}</th>
              </tr>
            </thead>
            <tbody>
              {vote.rows.map((r) => (
                <tr key={r.member.id}>
                  <th scope="row">
                    {r.member.name} {r.member.factionShort && <span className="tag">{r.member.factionShort}</span>}
                  </th>
                  <td>
                    {r.voted
                      ? r.manual
                        ? tx('abgestimmt (von Hand erfasst)', 'voted (entered by hand)')
                        : tx('abgestimmt', 'voted')
                      : r.ineligibleReason
                        ? pick(INELIGIBILITY_LABELS[r.ineligibleReason])
                        : tx('noch nicht abgestimmt', 'not voted yet')}
                  </td>
                  <td>
                    {r.ineligibleReason === null && (
                      <div className="clerk-choice" role="group" aria-label={tx(`Stimme für ${r.member.name}`, `Ballot for ${r.member.name}`)}>
                        {(['yes', 'no', 'abstain'] as const).map((c) => (
                          <button key={c} type="button" className="btn btn--secondary btn--sm" disabled={action.busy} onClick={() => cast(r.member.id, c)}>
                            {pick(CHOICE_LABELS[c])}
                          </button>
                        ))}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ManualAttendance({ view }: { view: ClerkView }) {
  const tx = useTx();
  const { lang } = useI18n();
  const action = useClerkAction();
  const [reason, setReason] = useState('');
  const freeSeats = view.seats.filter((s) => s.occupant === null);
  const [seatFor, setSeatFor] = useState<Record<string, string>>({});
  const optional = reason.trim() ? { reason: reason.trim() } : {};
  return (
    <section className="panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title" className="panel__title">
        {tx('Anwesenheit von Hand', 'Manual attendance')} – {tx(`${view.quorum.present} von ${view.quorum.legalMembers} anwesend`, `${view.quorum.present} of ${view.quorum.legalMembers} present`)}
      </h2>
      <div className="field">
        <label htmlFor="att-reason">{tx('Grund (optional, für die Niederschrift)', 'Reason (optional, for the minutes)')}</label>
        <input id="att-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <table className="clerk-table">
        <thead>
          <tr>
            <th scope="col">{tx('Mitglied', 'Member')}</th>
            <th scope="col">{tx('Anwesenheit', 'Attendance')}</th>
            <th scope="col">{tx('Aktion', 'Action')}</th>
          </tr>
        </thead>
        <tbody>
          {view.members
            .filter((m) => m.active)
            .map((m) => {
              const seat = seatFor[m.member.id] ?? String(freeSeats[0]?.id ?? '');
              return (
                <tr key={m.member.id}>
                  <th scope="row">{m.name}</th>
                  <td>
                    {m.present
                      ? `${tx('anwesend', 'present')}, ${tx('Platz', 'seat')} ${m.seatLabel ?? ''}${m.manual ? ` (${tx('von Hand', 'by hand')})` : ''}`
                      : tx('abwesend', 'absent')}
                  </td>
                  <td>
                    {m.present ? (
                      <button
                        type="button"
                        className="btn btn--secondary btn--sm"
                        disabled={action.busy}
                        aria-label={tx(`${m.name} abmelden`, `Check out ${m.name}`)}
                        onClick={() => void action.run('manualCheckOut', { memberId: m.member.id, ...optional })}
                      >
                        {tx('Abmelden', 'Check out')}
                      </button>
                    ) : (
                      <div className="clerk-row-actions">
                        <select
                          className="input"
                          aria-label={tx(`Platz für ${m.name}`, `Seat for ${m.name}`)}
                          value={seat}
                          onChange={(e) => setSeatFor({ ...seatFor, [m.member.id]: e.target.value })}
                        >
                          {freeSeats.map((s) => (
                            <option key={s.id} value={s.id}>
                              {tx('Platz', 'Seat')} {s.label}
                            </option>
                          ))}
                        </select>
                        <button
                          type="button"
                          className="btn btn--secondary btn--sm"
                          disabled={action.busy || seat === ''}
                          aria-label={tx(`${m.name} anmelden`, `Check in ${m.name}`)}
                          onClick={() => void action.run('manualCheckIn', { memberId: m.member.id, seatId: Number(seat), ...optional })}
                        >
                          {tx('Anmelden', 'Check in')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      <p className="field__hint">{tx(`Stand ${formatTime(new Date().toISOString(), lang)} Uhr`, `As of ${formatTime(new Date().toISOString(), lang)}`)}</p>
    </section>
  );
}
