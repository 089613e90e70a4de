import { useState, type FormEvent } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { Member, MemberRole } from '../../../server/protocol/register';
import type { VotingRight } from '../../../server/protocol/common';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { ROLE_LABELS, VOTING_RIGHT_LABELS, useClerkAction, useTx } from './shared';

interface Props {
  view: ClerkView;
  /** null: a new member. */
  member: Member | null;
  onDone: () => void;
}

/** Add or change a member: every save is one event (MemberAdded / MemberUpdated). */
export function MemberForm({ view, member, onDone }: Props) {
  const tx = useTx();
  const { pick } = useI18n();
  const action = useClerkAction();
  const [title, setTitle] = useState(member?.title ?? '');
  const [firstName, setFirstName] = useState(member?.firstName ?? '');
  const [lastName, setLastName] = useState(member?.lastName ?? '');
  const [factionId, setFactionId] = useState(member?.factionId ?? '');
  const [votingRight, setVotingRight] = useState<VotingRight>(member?.votingRight ?? 'full');
  const [role, setRole] = useState<MemberRole>(member?.role ?? 'member');
  const [activeFrom, setActiveFrom] = useState(member?.activeFrom ?? '');
  const [activeUntil, setActiveUntil] = useState(member?.activeUntil ?? '');
  const [id, setId] = useState(member?.id ?? '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const record: Member = {
      id: member?.id ?? id.trim(),
      ...(title.trim() ? { title: title.trim() } : {}),
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      factionId: factionId === '' ? null : factionId,
      votingRight,
      role,
      ...(activeFrom ? { activeFrom } : {}),
      ...(activeUntil ? { activeUntil } : {}),
    };
    const done = member ? await action.run('updateMember', { member: record }) : await action.run('addMember', { member: record });
    if (done) onDone();
  };

  return (
    <form className="clerk-form" onSubmit={(e) => void submit(e)} aria-label={member ? tx('Mitglied bearbeiten', 'Edit member') : tx('Mitglied anlegen', 'Add member')}>
      {!member && (
        <div className="field">
          <label htmlFor="m-id">{tx('Kennung', 'Id')}</label>
          <input id="m-id" className="input" required pattern="[A-Za-z0-9._\-]+" value={id} onChange={(e) => setId(e.target.value)} data-autofocus />
        </div>
      )}
      <div className="field">
        <label htmlFor="m-title">{tx('Titel', 'Title')}</label>
        <input id="m-title" className="input" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="m-first">{tx('Vorname', 'First name')}</label>
        <input id="m-first" className="input" required value={firstName} onChange={(e) => setFirstName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="m-last">{tx('Nachname', 'Last name')}</label>
        <input id="m-last" className="input" required value={lastName} onChange={(e) => setLastName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="m-faction">{tx('Fraktion', 'Faction')}</label>
        <select id="m-faction" className="input" value={factionId} onChange={(e) => setFactionId(e.target.value)}>
          <option value="">{tx('fraktionslos', 'no faction')}</option>
          {view.factions.map((f) => (
            <option key={f.id} value={f.id}>
              {f.shortName} – {f.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="m-right">{tx('Stimmrecht', 'Voting right')}</label>
        <select id="m-right" className="input" value={votingRight} onChange={(e) => setVotingRight(e.target.value as VotingRight)}>
          {(Object.keys(VOTING_RIGHT_LABELS) as VotingRight[]).map((k) => (
            <option key={k} value={k}>
              {pick(VOTING_RIGHT_LABELS[k])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="m-role">{tx('Rolle', 'Role')}</label>
        <select id="m-role" className="input" value={role} onChange={(e) => setRole(e.target.value as MemberRole)}>
          {(Object.keys(ROLE_LABELS) as MemberRole[]).map((k) => (
            <option key={k} value={k}>
              {pick(ROLE_LABELS[k])}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="m-from">{tx('Mitglied ab', 'Member from')}</label>
        <input id="m-from" type="date" className="input" value={activeFrom} onChange={(e) => setActiveFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="m-until">{tx('Mitglied bis', 'Member until')}</label>
        <input id="m-until" type="date" className="input" value={activeUntil} onChange={(e) => setActiveUntil(e.target.value)} />
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <div className="clerk-row-actions">
        <button type="submit" className="btn btn--primary" disabled={action.busy}>
          {tx('Speichern', 'Save')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {tx('Abbrechen', 'Cancel')}
        </button>
      </div>
    </form>
  );
}
