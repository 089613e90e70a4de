import { useState, type FormEvent } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { CouncilProfile } from '../../../server/protocol/register';
import { ErrorAlert } from '../common/ErrorAlert';
import { FactionSwatch } from '../common/FactionSwatch';
import { SeatPlan } from './SeatPlan';
import { useClerkAction, useTx } from './shared';

export function RegisterTab({ view }: { view: ClerkView }) {
  return (
    <>
      <FactionsPanel view={view} />
      <LegalMembersPanel view={view} />
      <ProfilePanel key={JSON.stringify(view.profile)} profile={view.profile} />
      <SeatsPanel view={view} />
    </>
  );
}

function FactionsPanel({ view }: { view: ClerkView }) {
  const tx = useTx();
  const action = useClerkAction();
  const [shortName, setShortName] = useState('');
  const [name, setName] = useState('');
  const [color, setColor] = useState('#1f4e8c');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const id = shortName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'fraktion';
    if (await action.run('addFaction', { faction: { id, name: name.trim(), shortName: shortName.trim(), color } })) {
      setShortName('');
      setName('');
    }
  };
  return (
    <section className="panel" aria-labelledby="factions-title">
      <h2 id="factions-title" className="panel__title">
        {tx('Fraktionen', 'Factions')}
      </h2>
      <table className="clerk-table">
        <thead>
          <tr>
            <th scope="col">{tx('Kurzname', 'Short name')}</th>
            <th scope="col">{tx('Name', 'Name')}</th>
            <th scope="col">{tx('Farbe', 'Colour')}</th>
            <th scope="col">{tx('Mitglieder', 'Members')}</th>
          </tr>
        </thead>
        <tbody>
          {view.factions.map((f) => (
            <tr key={f.id}>
              <th scope="row">{f.shortName}</th>
              <td>{f.name}</td>
              <td>
                <FactionSwatch color={f.color} /> {f.color}
              </td>
              <td>{f.members}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="clerk-form" onSubmit={(e) => void add(e)} aria-label={tx('Fraktion anlegen', 'Add faction')}>
        <div className="field">
          <label htmlFor="f-short">{tx('Kurzname', 'Short name')}</label>
          <input id="f-short" className="input" required maxLength={30} value={shortName} onChange={(e) => setShortName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-name">{tx('Name', 'Name')}</label>
          <input id="f-name" className="input" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-color">{tx('Farbe', 'Colour')}</label>
          <input id="f-color" type="color" className="input" value={color} onChange={(e) => setColor(e.target.value)} />
        </div>
        <button type="submit" className="btn btn--primary" disabled={action.busy}>
          {tx('Fraktion anlegen', 'Add faction')}
        </button>
      </form>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </section>
  );
}

function LegalMembersPanel({ view }: { view: ClerkView }) {
  const tx = useTx();
  const action = useClerkAction();
  const [value, setValue] = useState(String(view.body.legalMembers));
  const [reason, setReason] = useState('');
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run('setLegalMembers', { legalMembers: Number(value), ...(reason.trim() ? { reason } : {}) })) setReason('');
  };
  return (
    <section className="panel" aria-labelledby="legal-title">
      <h2 id="legal-title" className="panel__title">
        {tx('Gesetzliche Mitgliederzahl', 'Legal number of members')}
      </h2>
      <p>
        {tx(
          `Derzeit ${view.body.legalMembers}; beschlussfähig ab ${view.quorum.threshold} Anwesenden mit Stimmrecht.`,
          `Currently ${view.body.legalMembers}; quorate from ${view.quorum.threshold} present with a vote.`,
        )}
      </p>
      <form className="clerk-form" onSubmit={(e) => void save(e)}>
        <div className="field">
          <label htmlFor="legal-n">{tx('Mitgliederzahl N', 'Number of members N')}</label>
          <input id="legal-n" type="number" min={1} max={2000} className="input" required value={value} onChange={(e) => setValue(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="legal-reason">{tx('Grund (optional)', 'Reason (optional)')}</label>
          <input id="legal-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <button type="submit" className="btn btn--primary" disabled={action.busy}>
          {tx('Übernehmen', 'Apply')}
        </button>
      </form>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </section>
  );
}

function ProfilePanel({ profile }: { profile: CouncilProfile }) {
  const tx = useTx();
  const action = useClerkAction();
  const [p, setP] = useState(profile);
  const minutes = (s: number | null) => (s === null ? '' : String(s / 60));
  const seconds = (v: string) => (v.trim() === '' ? null : Math.round(Number(v) * 60));
  const share = (label: string, id: string, value: { numerator: number; denominator: number }, set: (v: { numerator: number; denominator: number }) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="input"
        value={`${value.numerator}/${value.denominator}`}
        onChange={(e) => {
          const [n, d] = e.target.value.split('/').map(Number);
          set({ numerator: n ?? 1, denominator: d ?? 5 });
        }}
      >
        {['1/10', '1/5', '1/4', '1/3', '1/2', `${value.numerator}/${value.denominator}`]
          .filter((v, i, all) => all.indexOf(v) === i)
          .map((v) => (
            <option key={v} value={v}>
              {v} {tx('der Mitglieder', 'of the members')}
            </option>
          ))}
      </select>
    </div>
  );
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title" className="panel__title">
        {tx('Geschäftsordnung (Profil)', 'Rules of procedure (profile)')}
      </h2>
      <form
        className="clerk-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run('updateProfile', { profile: p });
        }}
      >
        <div className="field">
          <label htmlFor="p-login">{tx('Anmeldung', 'Login')}</label>
          <select id="p-login" className="input" value={p.loginModel} onChange={(e) => setP({ ...p, loginModel: e.target.value as CouncilProfile['loginModel'] })}>
            <option value="card-present">{tx('Karte liegt auf (Abnehmen meldet ab)', 'Card lies on the reader (removing logs out)')}</option>
            <option value="tap-toggle">{tx('Antippen meldet an und ab', 'Tap logs in and out')}</option>
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={p.showIndividualOpenVotes} onChange={(e) => setP({ ...p, showIndividualOpenVotes: e.target.checked })} />{' '}
            {tx('Einzelstimmen offener Abstimmungen anzeigen', 'Show individual choices of open votes')}
          </label>
        </div>
        <div className="field">
          <label htmlFor="p-named">{tx('Namentliche Abstimmung auf Antrag von mindestens … Mitgliedern (leer: nur Fraktion)', 'Named vote on request of at least … members (empty: faction only)')}</label>
          <input
            id="p-named"
            type="number"
            min={1}
            className="input"
            value={p.namedVoteRequest.minMembers ?? ''}
            onChange={(e) =>
              setP({ ...p, namedVoteRequest: { ...p.namedVoteRequest, minMembers: e.target.value.trim() === '' ? null : Math.max(1, Math.round(Number(e.target.value))) } })
            }
          />
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={p.namedVoteRequest.oneFaction}
              onChange={(e) => setP({ ...p, namedVoteRequest: { ...p.namedVoteRequest, oneFaction: e.target.checked } })}
            />{' '}
            {tx('… oder einer ganzen Fraktion', '… or of a whole faction')}
          </label>
        </div>
        {share(tx('Geheime Abstimmung auf Antrag von', 'Secret vote on request of'), 'p-secret', p.secretVoteRequest, (v) =>
          setP({ ...p, secretVoteRequest: { ...p.secretVoteRequest, ...v } }),
        )}
        <div className="field">
          <label htmlFor="p-secret-base">{tx('… bezogen auf', '… counted against')}</label>
          <select
            id="p-secret-base"
            className="input"
            value={p.secretVoteRequest.base}
            onChange={(e) => setP({ ...p, secretVoteRequest: { ...p.secretVoteRequest, base: e.target.value === 'present' ? 'present' : 'legal' } })}
          >
            <option value="legal">{tx('die gesetzliche Mitgliederzahl', 'the legal number of members')}</option>
            <option value="present">{tx('die anwesenden Mitglieder mit Stimmrecht', 'the members present with a vote')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-speaker">{tx('Redezeit je Beitrag (Minuten, leer: unbegrenzt)', 'Speaking time per speaker (minutes, empty: no limit)')}</label>
          <input
            id="p-speaker"
            type="number"
            min={1}
            step={0.5}
            className="input"
            value={p.speakingTimeSeconds === 0 ? '' : minutes(p.speakingTimeSeconds)}
            onChange={(e) => setP({ ...p, speakingTimeSeconds: seconds(e.target.value) ?? 0 })}
          />
        </div>
        <div className="field">
          <label htmlFor="p-zero">{tx('Wenn die Redezeit abgelaufen ist', 'When speaking time runs out')}</label>
          <select
            id="p-zero"
            className="input"
            value={p.speakingTimeAtZero}
            onChange={(e) => setP({ ...p, speakingTimeAtZero: e.target.value === 'mute' ? 'mute' : 'warn' })}
          >
            <option value="warn">{tx('nur anzeigen (Zeit wird rot)', 'only show it (the time turns red)')}</option>
            <option value="mute">{tx('Mikrofon abschalten', 'switch the microphone off')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-card-auth">{tx('Kartenprüfung', 'Card check')}</label>
          <select
            id="p-card-auth"
            className="input"
            value={p.cardAuthentication}
            onChange={(e) => setP({ ...p, cardAuthentication: e.target.value === 'challenge-response' ? 'challenge-response' : 'uid' })}
          >
            <option value="uid">{tx('Kartennummer (UID) genügt', 'card number (UID) is enough')}</option>
            <option value="challenge-response">
              {tx('Karte muss ihren Schlüssel beweisen (AES, kopiersicher)', 'card must prove its key (AES, cloning-resistant)')}
            </option>
          </select>
        </div>
        <button type="submit" className="btn btn--primary" disabled={action.busy}>
          {tx('Profil speichern', 'Save profile')}
        </button>
      </form>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </section>
  );
}

function SeatsPanel({ view }: { view: ClerkView }) {
  const tx = useTx();
  const action = useClerkAction();
  const nextId = Math.max(0, ...view.seats.map((s) => s.id)) + 1;
  const [label, setLabel] = useState('');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run('addSeat', { seat: { id: nextId, label: label.trim() || String(nextId), x: 0.5, y: 0.9, role: 'member' } })) setLabel('');
  };
  return (
    <section className="panel" aria-labelledby="seats-title">
      <h2 id="seats-title" className="panel__title">
        {tx('Plätze', 'Seats')} ({view.seats.length})
      </h2>
      <SeatPlan seats={view.seats} />
      <table className="clerk-table">
        <thead>
          <tr>
            <th scope="col">{tx('Platz', 'Seat')}</th>
            <th scope="col">{tx('Art', 'Kind')}</th>
            <th scope="col">{tx('Belegt von', 'Occupied by')}</th>
          </tr>
        </thead>
        <tbody>
          {view.seats.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.label}</th>
              <td>{s.role === 'chair' ? tx('Vorsitz', 'Chair') : s.role === 'staff' ? tx('Verwaltung', 'Staff') : tx('Mitglied', 'Member')}</td>
              <td>{s.occupant?.name ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="clerk-form" onSubmit={(e) => void add(e)}>
        <div className="field">
          <label htmlFor="seat-label">{tx(`Bezeichnung von Platz ${nextId}`, `Label of seat ${nextId}`)}</label>
          <input id="seat-label" className="input" maxLength={20} value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <button type="submit" className="btn btn--secondary" disabled={action.busy}>
          {tx('Platz hinzufügen', 'Add seat')}
        </button>
      </form>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </section>
  );
}
