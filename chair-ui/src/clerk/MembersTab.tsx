import { useState } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { Member } from '../../../server/protocol/register';
import { formatTime } from '../../../ui-shared/format';
import { ErrorAlert } from '../common/ErrorAlert';
import { Modal } from '../common/Modal';
import { useI18n } from '../i18n';
import { MemberForm } from './MemberForm';
import { ROLE_LABELS, VOTING_RIGHT_LABELS, germanDate, useClerkAction, useTx } from './shared';

export function MembersTab({ view }: { view: ClerkView }) {
  const tx = useTx();
  const { pick, lang } = useI18n();
  const action = useClerkAction();
  const [editing, setEditing] = useState<Member | 'new' | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const factions = new Map(view.factions.map((f) => [f.id, f]));
  const mode = view.cardMode;
  const last = view.lastCardResult;
  // a card key rotation under way: cards still on the previous key (docs/card-keys.md)
  const onPreviousKey = new Map((view.cardRotation?.cards ?? []).map((c) => [c.uid, c.seenAt]));

  const revoke = async () => {
    if (!revoking) return;
    if (await action.run('revokeCard', { uid: revoking, reason })) {
      setRevoking(null);
      setReason('');
    }
  };

  return (
    <>
      {mode?.phase === 'setting-up' && (
        <div className="clerk-banner clerk-banner--waiting" role="status" aria-live="polite">
          <span>
            <strong>{tx(`Neue Karte für ${mode.name} wird eingerichtet.`, `Setting up the new card for ${mode.name}.`)}</strong>{' '}
            {tx('Bitte die Karte liegen lassen, bis die Meldung erscheint.', 'Please leave the card on the reader until the message appears.')}
          </span>
        </div>
      )}
      {mode?.phase === 'waiting' && (
        <div className="clerk-banner clerk-banner--waiting" role="status" aria-live="polite">
          <span>
            {mode.notice && (
              <>
                <strong>{pick(mode.notice)}</strong>{' '}
              </>
            )}
            {view.profile.cardAuthentication === 'challenge-response'
              ? // any reader would do for the registration, but only the server's own readers can set a new card up
                tx(
                  `Karte registrieren für ${mode.name}: Bitte jetzt die neue Karte auflegen. Eine neue Karte wird an einem Kartenleser am Server eingerichtet (nicht an einem Platzgerät mit eigenem Leser).`,
                  `Register card for ${mode.name}: place the new card now. A new card is set up at a reader of the server (not at a seat unit with its own reader).`,
                )
              : tx(`Karte registrieren für ${mode.name}: Bitte jetzt die neue Karte auf einen beliebigen Kartenleser legen.`, `Register card for ${mode.name}: place the new card on any reader now.`)}{' '}
            {tx(`Wartet bis ${formatTime(mode.expiresAt, lang)} Uhr.`, `Waiting until ${formatTime(mode.expiresAt, lang)}.`)}
          </span>
          <button type="button" className="btn btn--secondary" onClick={() => void action.run('cancelCardMode', {})}>
            {tx('Abbrechen', 'Cancel')}
          </button>
        </div>
      )}
      {!mode && last && (
        <div className={`clerk-banner ${last.ok ? 'clerk-banner--ok' : 'clerk-banner--error'}`} role="status" aria-live="polite">
          {last.ok
            ? !last.registered
              ? tx(
                  `Karte ${last.uid} trägt jetzt den aktuellen Schlüssel des Rats (geschrieben und geprüft); sie bleibt ${last.name} zugeordnet.`,
                  `Card ${last.uid} now carries the council's current key (written and checked); it still belongs to ${last.name}.`,
                )
              : last.personalised
              ? tx(
                  `Karte ${last.uid} ist eingerichtet (Schlüssel des Rats geschrieben und geprüft) und jetzt ${last.name} zugeordnet.`,
                  `Card ${last.uid} is set up (the council's key written and checked) and now belongs to ${last.name}.`,
                )
              : tx(`Karte ${last.uid} ist jetzt ${last.name} zugeordnet.`, `Card ${last.uid} now belongs to ${last.name}.`)
            : `${tx(`Karte ${last.uid} nicht registriert`, `Card ${last.uid} not registered`)}: ${last.message ? pick(last.message) : ''}`}
        </div>
      )}
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <section className="panel" aria-labelledby="members-title">
        <div className="clerk-row-actions" style={{ justifyContent: 'space-between' }}>
          <h2 id="members-title" className="panel__title">
            {tx('Mitglieder', 'Members')} ({view.members.filter((m) => m.active).length})
          </h2>
          <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
            {tx('Mitglied anlegen', 'Add member')}
          </button>
        </div>
        <table className="clerk-table">
          <thead>
            <tr>
              <th scope="col">{tx('Name', 'Name')}</th>
              <th scope="col">{tx('Fraktion', 'Faction')}</th>
              <th scope="col">{tx('Stimmrecht', 'Voting right')}</th>
              <th scope="col">{tx('Rolle', 'Role')}</th>
              <th scope="col">{tx('Zeitraum', 'Period')}</th>
              <th scope="col">{tx('Karten', 'Cards')}</th>
              <th scope="col">{tx('Aktionen', 'Actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.members.map((row) => (
              <tr key={row.member.id} className={row.active ? '' : 'is-inactive'}>
                <th scope="row">
                  {row.name}
                  {!row.active && <span className="tag">{tx('ausgeschieden', 'retired')}</span>}
                </th>
                <td>{row.member.factionId ? (factions.get(row.member.factionId)?.shortName ?? row.member.factionId) : '–'}</td>
                <td>{pick(VOTING_RIGHT_LABELS[row.member.votingRight])}</td>
                <td>{pick(ROLE_LABELS[row.member.role])}</td>
                <td>
                  {row.member.activeFrom || row.member.activeUntil
                    ? `${germanDate(row.member.activeFrom) || '…'} – ${germanDate(row.member.activeUntil) || '…'}`
                    : '–'}
                </td>
                <td>{row.cards.length > 0 ? row.cards.join(', ') : tx('keine', 'none')}</td>
                <td>
                  <div className="clerk-row-actions">
                    <button
                      type="button"
                      className="btn btn--secondary btn--sm"
                      disabled={mode !== null || action.busy || !row.active}
                      aria-label={tx(`Karte registrieren für ${row.name}`, `Register card for ${row.name}`)}
                      onClick={() => void action.run('startCardMode', { memberId: row.member.id })}
                    >
                      {tx('Karte registrieren', 'Register card')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      aria-label={tx(`${row.name} bearbeiten`, `Edit ${row.name}`)}
                      onClick={() => setEditing(row.member)}
                    >
                      {tx('Bearbeiten', 'Edit')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="panel" aria-labelledby="cards-title">
        <h2 id="cards-title" className="panel__title">
          {tx('Karten', 'Cards')}
        </h2>
        {view.cardRotation && (
          <p className="clerk-banner clerk-banner--waiting" role="status" data-testid="card-rotation">
            {onPreviousKey.size === 0
              ? tx(
                  'Schlüsselwechsel läuft: Karten mit dem vorigen Schlüssel werden noch angenommen. Bisher hat keine Karte nur den vorigen Schlüssel gezeigt.',
                  'Key rotation under way: cards with the previous key are still accepted. So far no card has shown only the previous key.',
                )
              : tx(
                  `Schlüsselwechsel läuft: ${onPreviousKey.size === 1 ? '1 Karte trägt' : `${onPreviousKey.size} Karten tragen`} noch den vorigen Schlüssel. Zum Erneuern bei der Karte „Schlüssel erneuern“ wählen und die Karte auf einen Kartenleser am Server legen.`,
                  `Key rotation under way: ${onPreviousKey.size === 1 ? '1 card still carries' : `${onPreviousKey.size} cards still carry`} the previous key. To renew one, choose "Renew key" at the card and place the card on a reader at the server.`,
                )}
          </p>
        )}
        <table className="clerk-table">
          <thead>
            <tr>
              <th scope="col">UID</th>
              <th scope="col">{tx('Mitglied', 'Member')}</th>
              <th scope="col">{tx('Status', 'Status')}</th>
              <th scope="col">{tx('Aktion', 'Action')}</th>
            </tr>
          </thead>
          <tbody>
            {view.cards.map((c) => (
              <tr key={c.uid}>
                <td>
                  <code>{c.uid}</code>
                </td>
                <td>{c.memberName}</td>
                <td>
                  {c.status === 'active' ? (
                    <>
                      {tx('gültig', 'valid')}
                      {onPreviousKey.has(c.uid) && (
                        <>
                          {' '}
                          <span className="tag tag--manual">
                            {tx(
                              `voriger Schlüssel (${formatTime(onPreviousKey.get(c.uid)!, lang)}) – Schlüssel erneuern`,
                              `previous key (${formatTime(onPreviousKey.get(c.uid)!, lang)}) – renew the key`,
                            )}
                          </span>
                        </>
                      )}
                    </>
                  ) : (
                    <>
                      <span className="tag tag--revoked">{tx('Karte gesperrt', 'Card revoked')}</span> {c.reason}
                      {c.revokedAt && ` (${formatTime(c.revokedAt, lang)})`}
                    </>
                  )}
                </td>
                <td>
                  {c.status === 'active' && onPreviousKey.has(c.uid) && (
                    <button
                      type="button"
                      className="btn btn--secondary btn--sm"
                      disabled={mode !== null || action.busy}
                      aria-label={tx(`Schlüssel der Karte ${c.uid} erneuern`, `Renew the key of card ${c.uid}`)}
                      onClick={() => void action.run('startCardMode', { memberId: c.memberId })}
                    >
                      {tx('Schlüssel erneuern', 'Renew key')}
                    </button>
                  )}{' '}
                  {c.status === 'active' && (
                    <button
                      type="button"
                      className="btn btn--danger-outline btn--sm"
                      aria-label={tx(`Karte ${c.uid} sperren`, `Revoke card ${c.uid}`)}
                      onClick={() => setRevoking(c.uid)}
                    >
                      {tx('Sperren', 'Revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <Modal open={editing !== null} title={editing === 'new' ? tx('Mitglied anlegen', 'Add member') : tx('Mitglied bearbeiten', 'Edit member')} onClose={() => setEditing(null)}>
        {editing !== null && <MemberForm view={view} member={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal open={revoking !== null} tone="danger" title={tx('Karte sperren', 'Revoke card')} onClose={() => setRevoking(null)}>
        <form className="clerk-form clerk-form--wide" onSubmit={(e) => {
          e.preventDefault();
          void revoke();
        }}>
          <p>
            {tx(
              `Karte ${revoking ?? ''} wird ab sofort abgewiesen. Wer mit ihr angemeldet ist, wird abgemeldet.`,
              `Card ${revoking ?? ''} is refused from now on. Whoever is logged in with it is logged out.`,
            )}
          </p>
          <div className="field">
            <label htmlFor="revoke-reason">{tx('Grund', 'Reason')}</label>
            <input id="revoke-reason" className="input" required value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />
          </div>
          <ErrorAlert error={action.error} onDismiss={action.clearError} />
          <div className="clerk-row-actions">
            <button type="submit" className="btn btn--danger" disabled={action.busy}>
              {tx('Karte sperren', 'Revoke card')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setRevoking(null)}>
              {tx('Abbrechen', 'Cancel')}
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}
