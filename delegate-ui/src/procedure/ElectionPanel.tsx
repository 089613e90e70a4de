import { useRef, useState } from 'react';
import { newBallotKey } from '../../../server/protocol/client';
import type { SeatElectionView } from '../../../server/protocol/procedure';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useT } from '../i18n';
import { LockIcon } from '../icons';
import { sendCommand, useSeatLive } from '../live';
import { procText, type ProcKey } from './text';
import './procedure.css';

/** Label of a ballot option: a candidate's (or list's) name, "Nein" or "Enthaltung". */
export function optionLabel(view: SeatElectionView['election'], option: string, lang: 'de' | 'en'): string {
  if (option === 'no') return procText(lang, 'opt.no');
  if (option === 'abstain') return procText(lang, 'opt.abstain');
  return view.candidates.find((c) => c.id === option)?.name ?? option;
}

/** The election on this seat: objection while prepared, the ballot of the open round, the results. */
export function ElectionPanel({ view, online }: { view: SeatElectionView; online: boolean }) {
  const { lang, pick } = useT();
  const { client } = useSeatLive();
  const { election, round } = view;
  const p = (key: ProcKey, params?: Record<string, string | number>) => procText(lang, key, params);
  const label = (o: string) => optionLabel(election, o, lang);
  const [confirm, setConfirm] = useState<'object' | { option: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  // one key per attempt, kept across a retry of the same attempt
  const attempt = useRef<{ option: string; key: string } | null>(null);
  const open = election.status === 'voting' && round?.status === 'open';
  const secret = round?.secret ?? election.secret;

  const act = async () => {
    const c = confirm;
    setConfirm(null);
    if (c === null) return;
    if (c === 'object') {
      const outcome = await sendCommand(client, 'objectToElection', { electionId: election.id });
      setError(outcome.ok ? null : outcome.kind === 'refused' ? pick(outcome.error.message) : outcome.kind);
      return;
    }
    if (!round) return;
    if (attempt.current?.option !== c.option) attempt.current = { option: c.option, key: newBallotKey() };
    setSending(c.option);
    const outcome = await sendCommand(client, 'castElectionBallot', { electionId: election.id, round: round.round, option: c.option, key: attempt.current.key });
    setSending(null);
    if (outcome.ok) attempt.current = null;
    setError(outcome.ok ? null : outcome.kind === 'refused' ? pick(outcome.error.message) : outcome.kind);
  };

  const names = (ids: readonly string[]) => ids.map(label).join(', ');
  const canVote = open && view.eligible && !(secret && view.myBallot !== null);

  return (
    <section className={`panel election${secret ? ' election--secret' : ''}`} aria-labelledby="election-heading">
      <p className="proc__eyebrow">{p('el.heading')}</p>
      <h2 id="election-heading" className="election__title">
        {election.title}
      </h2>
      <p className="election__kind">
        {secret && <LockIcon className="icon" />}
        {secret ? p('el.secret') : p('el.open')}
      </p>

      {election.status === 'prepared' && (
        <>
          <p>{p('el.prepared')}</p>
          <h3 className="proc__subheading">{p('el.candidates')}</h3>
          <ul className="election__candidates">
            {election.candidates.map((c) => (
              <li key={c.id}>
                {c.name}
                {c.factionShort && <span className="election__faction"> ({c.factionShort})</span>}
              </li>
            ))}
          </ul>
          {view.objected && <p className="proc__ok">{p('el.objected')}</p>}
          {view.canObject && (
            <button type="button" className="btn btn--secondary btn--xl" disabled={!online} onClick={() => setConfirm('object')}>
              {p('el.object')}
            </button>
          )}
        </>
      )}

      {open && round && (
        <>
          <h3 className="proc__subheading">
            {p('el.round', { n: round.round })}
            {round.runoff && ` – ${p('el.runoff')}`}
          </h3>
          {!view.eligible && <p className="proc__warn">{p('el.notEligible')}</p>}
          {view.myBallot && (
            <p className="proc__ok" role="status">
              {view.myBallot.option === null ? p('el.savedSecret') : p('el.saved', { option: label(view.myBallot.option) })}
            </p>
          )}
          {sending && <p role="status">{p('el.sending')}</p>}
          {canVote && (
            <div className="election__options" role="group" aria-label={p('el.choose')}>
              {round.options.map((o) => (
                <button
                  key={o}
                  type="button"
                  className={`election__option election__option--${o === 'no' || o === 'abstain' ? o : 'candidate'}`}
                  aria-pressed={view.myBallot?.option === o}
                  disabled={!online || sending !== null}
                  onClick={() => setConfirm({ option: o })}
                >
                  {label(o)}
                </button>
              ))}
            </div>
          )}
        </>
      )}

      {round && round.status === 'closed' && round.counts && (
        <div className="election__result">
          <h3 className="proc__subheading">
            {p('el.counted')} – {p('el.round', { n: round.round })}
          </h3>
          <table className="election__counts">
            <tbody>
              {Object.entries(round.counts).map(([o, n]) => (
                <tr key={o}>
                  <th scope="row">{label(o)}</th>
                  <td>{p('el.votes', { n })}</td>
                  {round.seats && <td>{round.seats[o] !== undefined ? `${round.seats[o]} ${lang === 'de' ? 'Sitze' : 'seats'}` : ''}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ElectionOutcome view={view} label={label} names={names} />
      {error && (
        <p role="alert" className="proc__error">
          {error}
        </p>
      )}

      {confirm === 'object' && (
        <ConfirmDialog title={p('el.objectTitle')} body={p('el.objectBody')} confirmLabel={p('confirm')} cancelLabel={p('back')} onConfirm={() => void act()} onCancel={() => setConfirm(null)} />
      )}
      {confirm !== null && confirm !== 'object' && (
        <ConfirmDialog
          title={p('el.confirmTitle', { option: label(confirm.option) })}
          body={secret ? p('el.confirmBodySecret') : p('el.confirmBody')}
          confirmLabel={p('confirm')}
          cancelLabel={p('back')}
          onConfirm={() => void act()}
          onCancel={() => setConfirm(null)}
        />
      )}
    </section>
  );
}

function ElectionOutcome({ view, label, names }: { view: SeatElectionView; label: (o: string) => string; names: (ids: readonly string[]) => string }) {
  const { lang } = useT();
  const p = (key: ProcKey, params?: Record<string, string | number>) => procText(lang, key, params);
  const { election, round } = view;
  const lines: string[] = [];
  if (round?.lot) lines.push(p('el.lotDrawn', { names: names(round.lot.winners) }));
  if (election.status === 'cancelled') lines.push(p('el.cancelled'));
  else if (election.pending?.kind === 'runoff') lines.push(p('el.runoffDue', { names: names(election.pending.candidates) }));
  else if (election.pending?.kind === 'lot') lines.push(p('el.lotDue'));
  const r = election.result;
  if (r?.kind === 'elected') lines.push(p('el.elected', { name: r.name }));
  if (r?.kind === 'not-elected') lines.push(p('el.notElected'));
  if (r?.kind === 'joint') lines.push(p(r.accepted ? 'el.jointAccepted' : 'el.jointRejected'));
  if (r?.kind === 'seats') lines.push(`${p('el.seats')}: ${Object.entries(r.seats).map(([id, n]) => `${label(id)} ${n}`).join(' · ')}`);
  if (lines.length === 0) return null;
  return (
    <div className="election__outcome" role="status">
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </div>
  );
}
