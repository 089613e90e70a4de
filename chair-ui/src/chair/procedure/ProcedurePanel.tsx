import { useId, useState, type FormEvent } from 'react';
import type { MajorityRule, VoteKind } from '../../../../server/protocol/common';
import type { ChairProcedureView, ElectionView } from '../../../../server/protocol/procedure';
import type { ChairView } from '../../../../server/protocol/views';
import { formatTime } from '../../../../ui-shared/format';
import { ErrorAlert } from '../../common/ErrorAlert';
import { ReasonDialog } from '../../common/ReasonDialog';
import { useI18n } from '../../i18n';
import { useChairAction } from '../context';
import { chairProcText, type ChairProcKey } from './text';
import './procedure.css';

type P = (key: ChairProcKey, params?: Record<string, string | number>) => string;

function useP(): P {
  const { lang } = useI18n();
  return (key, params) => chairProcText(lang, key, params);
}

/** Requests, interrupt/repeat, templates and elections of the current item. */
export function ProcedurePanel({ view }: { view: ChairView }) {
  const p = useP();
  const procedure = view.procedure;
  const headingId = useId();
  if (!procedure || view.currentItemId === null) return null;
  const itemId = view.currentItemId;
  return (
    <section className="panel proc" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {p('heading')}
      </h2>
      {view.vote && <InterruptControls view={view} procedure={procedure} />}
      <Requests procedure={procedure} itemId={itemId} />
      <Templates procedure={procedure} itemId={itemId} voteOpen={view.vote !== null} />
      <Elections view={view} procedure={procedure} itemId={itemId} />
    </section>
  );
}

function Requests({ procedure, itemId }: { procedure: ChairProcedureView; itemId: string }) {
  const p = useP();
  const { lang } = useI18n();
  const record = useChairAction();
  const requests = procedure.requests.filter((r) => r.itemId === itemId);
  return (
    <div className="proc__block">
      <h3 className="proc__title">{p('req.heading')}</h3>
      {procedure.requiredKind && (
        <p className="notice notice--warning" role="status">
          {p('req.mustBe', { kind: p(procedure.requiredKind === 'secret' ? 'req.kind.secret' : 'req.kind.named') })}
        </p>
      )}
      {requests.length === 0 && <p className="proc__empty">{p('req.none')}</p>}
      <ul className="proc__list">
        {requests.map((r) => (
          <li key={r.kind} className={`proc-req${r.met ? ' proc-req--met' : ''}`}>
            <div className="proc-req__head">
              <strong>{p(r.kind === 'named' ? 'req.named' : 'req.secret')}</strong>
              <span className={`tag ${r.met ? 'tag--passed' : 'tag--rejected'}`}>{r.met ? p('req.met') : p('req.notMet')}</span>
            </div>
            <p>
              {p('req.supporters', { n: r.supporters.length })}
              {r.required !== null && ` · ${p('req.required', { n: r.required })}`}
              {r.faction && ` · ${p('req.faction', { name: r.faction })}`}
            </p>
            {r.supporters.length > 0 && <p className="proc-req__names">{r.supporters.map((m) => (m.factionShort ? `${m.name} (${m.factionShort})` : m.name)).join(', ')}</p>}
            {r.decisions.map((d) => (
              <p key={d.at} className="proc-req__decision">
                {p('req.decided', { time: formatTime(d.at, lang), n: d.supporters, state: d.met ? p('req.met') : p('req.notMet') })}
              </p>
            ))}
            {r.supporters.length > 0 && (
              <button type="button" className="btn btn--secondary btn--sm" disabled={record.busy} onClick={() => void record.run('decideVoteKindRequest', { itemId, kind: r.kind })}>
                {p('req.record')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorAlert error={record.error} onDismiss={record.clearError} />
    </div>
  );
}

function InterruptControls({ view, procedure }: { view: ChairView; procedure: ChairProcedureView }) {
  const p = useP();
  const { lang } = useI18n();
  const action = useChairAction();
  const [dialog, setDialog] = useState<'interrupt' | 'repeat' | null>(null);
  const vote = view.vote;
  if (!vote) return null;
  const voteId = vote.summary.id;
  const interrupted = procedure.interrupted?.voteId === voteId ? procedure.interrupted : null;
  const repeat = procedure.repeats.find((r) => r.voteId === voteId);
  const close = () => {
    setDialog(null);
    action.clearError();
  };
  return (
    <div className="proc__block proc-int">
      <h3 className="proc__title">{p('int.heading')}</h3>
      {repeat && <p className="notice notice--info">{p('int.repeatOf', { reason: repeat.reason })}</p>}
      {interrupted && (
        <p className="notice notice--warning" role="status">
          {p('int.interrupted', { time: formatTime(interrupted.since, lang), reason: interrupted.reason })}
        </p>
      )}
      <div className="proc__actions">
        {interrupted ? (
          <button type="button" className="btn btn--primary btn--lg" disabled={action.busy} onClick={() => void action.run('resumeVote', { voteId })}>
            {p('int.resume')}
          </button>
        ) : (
          <button type="button" className="btn btn--secondary btn--lg" onClick={() => setDialog('interrupt')}>
            {p('int.interrupt')}
          </button>
        )}
        <button type="button" className="btn btn--danger-outline btn--lg" onClick={() => setDialog('repeat')}>
          {p('int.repeat')}
        </button>
      </div>
      {dialog === null && <ErrorAlert error={action.error} onDismiss={action.clearError} />}
      <ReasonDialog
        open={dialog === 'interrupt'}
        title={p('int.interrupt')}
        fieldLabel={p('int.reasonInterrupt')}
        required
        confirmLabel={p('int.interrupt')}
        busy={action.busy}
        error={action.error}
        onConfirm={(reason) => void action.run('interruptVote', { voteId, reason }).then((r) => r && close())}
        onClose={close}
      >
        {vote.summary.title}
      </ReasonDialog>
      <ReasonDialog
        open={dialog === 'repeat'}
        title={p('int.repeat')}
        fieldLabel={p('int.reasonRepeat')}
        required
        tone="danger"
        confirmLabel={p('int.repeat')}
        busy={action.busy}
        error={action.error}
        onConfirm={(reason) => void action.run('repeatVote', { voteId, reason }).then((r) => r && close())}
        onClose={close}
      >
        {p('int.repeatBody')}
      </ReasonDialog>
    </div>
  );
}

const MAJORITIES: { key: ChairProcKey; rule: MajorityRule }[] = [
  { key: 'maj.simple', rule: { kind: 'simple' } },
  { key: 'maj.absoluteLegal', rule: { kind: 'absoluteLegal' } },
  { key: 'maj.twoThirdsLegal', rule: { kind: 'twoThirdsLegal' } },
  { key: 'maj.twoThirdsCast', rule: { kind: 'twoThirdsCast' } },
];

function Templates({ procedure, itemId, voteOpen }: { procedure: ChairProcedureView; itemId: string; voteOpen: boolean }) {
  const p = useP();
  const action = useChairAction();
  const ids = { title: useId(), kind: useId(), majority: useId() };
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<VoteKind>('open');
  const [majority, setMajority] = useState(0);
  const templates = procedure.templates.filter((t) => t.itemId === itemId);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const rule = MAJORITIES[majority]?.rule ?? { kind: 'simple' };
    if (await action.run('prepareVoteTemplate', { itemId, title, kind, majority: rule })) setTitle('');
  };
  return (
    <div className="proc__block">
      <h3 className="proc__title">{p('tpl.heading')}</h3>
      {templates.length === 0 && <p className="proc__empty">{p('tpl.none')}</p>}
      <ul className="proc__list">
        {templates.map((t) => (
          <li key={t.id} className="proc-tpl">
            <span className="proc-tpl__text">
              <strong>{t.title}</strong> · {p(`kind.${t.kind}`)} · {p((MAJORITIES.find((m) => m.rule.kind === t.majority.kind)?.key ?? 'maj.simple'))}
            </span>
            <button type="button" className="btn btn--primary btn--lg" disabled={action.busy || voteOpen} onClick={() => void action.run('openVoteFromTemplate', { templateId: t.id })}>
              {p('tpl.open')}
            </button>
            <button type="button" className="btn btn--ghost btn--sm" disabled={action.busy} onClick={() => void action.run('removeVoteTemplate', { templateId: t.id })}>
              {p('tpl.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form className="proc-form" onSubmit={(e) => void add(e)}>
        <div className="field">
          <label htmlFor={ids.title}>{p('tpl.title')}</label>
          <input id={ids.title} className="input" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="proc-form__row">
          <div className="field">
            <label htmlFor={ids.kind}>{p('tpl.kind')}</label>
            <select id={ids.kind} className="input" value={kind} onChange={(e) => setKind(e.target.value as VoteKind)}>
              {(['open', 'named', 'secret'] as const).map((k) => (
                <option key={k} value={k}>
                  {p(`kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.majority}>{p('tpl.majority')}</label>
            <select id={ids.majority} className="input" value={majority} onChange={(e) => setMajority(Number(e.target.value))}>
              {MAJORITIES.map((m, i) => (
                <option key={m.key} value={i}>
                  {p(m.key)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="btn btn--secondary btn--lg" disabled={action.busy || title.trim() === ''}>
          {p('tpl.add')}
        </button>
      </form>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </div>
  );
}

function Elections({ view, procedure, itemId }: { view: ChairView; procedure: ChairProcedureView; itemId: string }) {
  const p = useP();
  const elections = procedure.elections.filter((e) => e.itemId === itemId);
  return (
    <div className="proc__block">
      <h3 className="proc__title">{p('el.heading')}</h3>
      {elections.map((e) => (
        <ElectionCard key={e.id} election={e} />
      ))}
      <PrepareElection view={view} itemId={itemId} />
    </div>
  );
}

function PrepareElection({ view, itemId }: { view: ChairView; itemId: string }) {
  const p = useP();
  const action = useChairAction();
  const ids = { title: useId(), mode: useId(), seats: useId(), method: useId(), candidates: useId(), hint: useId() };
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<ElectionView['mode']>('persons');
  const [seats, setSeats] = useState(1);
  const [method, setMethod] = useState<'hare-niemeyer' | 'dhondt'>('hare-niemeyer');
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const byName = new Map(view.attendance.map((a) => [a.member.name.toLocaleLowerCase('de'), a.member.id]));
    const candidates = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((name) => {
        const memberId = mode === 'persons' ? byName.get(name.toLocaleLowerCase('de')) : undefined;
        return memberId ? { memberId } : { name };
      });
    const done = await action.run('prepareElection', {
      itemId,
      title,
      mode,
      seats: mode === 'persons' ? 1 : seats,
      method: mode === 'lists' ? method : null,
      candidates,
    });
    if (done) {
      setTitle('');
      setText('');
    }
  };
  return (
    <form className="proc-form proc-form--election" onSubmit={(e) => void submit(e)} aria-label={p('el.prepare')}>
      <h4 className="proc__subtitle">{p('el.prepare')}</h4>
      <div className="field">
        <label htmlFor={ids.title}>{p('el.title')}</label>
        <input id={ids.title} className="input" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="proc-form__row">
        <div className="field">
          <label htmlFor={ids.mode}>{p('el.mode')}</label>
          <select id={ids.mode} className="input" value={mode} onChange={(e) => setMode(e.target.value as ElectionView['mode'])}>
            {(['persons', 'joint', 'lists'] as const).map((m) => (
              <option key={m} value={m}>
                {p(`el.mode.${m}`)}
              </option>
            ))}
          </select>
        </div>
        {mode !== 'persons' && (
          <div className="field">
            <label htmlFor={ids.seats}>{p('el.seats')}</label>
            <input id={ids.seats} className="input" type="number" min={1} max={200} value={seats} onChange={(e) => setSeats(Math.max(1, Number(e.target.value) || 1))} />
          </div>
        )}
        {mode === 'lists' && (
          <div className="field">
            <label htmlFor={ids.method}>{p('el.method')}</label>
            <select id={ids.method} className="input" value={method} onChange={(e) => setMethod(e.target.value as 'hare-niemeyer' | 'dhondt')}>
              <option value="hare-niemeyer">{p('el.method.hare-niemeyer')}</option>
              <option value="dhondt">{p('el.method.dhondt')}</option>
            </select>
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.candidates}>{p('el.candidates')}</label>
        <textarea id={ids.candidates} rows={4} value={text} aria-describedby={ids.hint} onChange={(e) => setText(e.target.value)} />
        <p id={ids.hint} className="field__hint">
          {p('el.candidatesHint')}
        </p>
      </div>
      <button type="submit" className="btn btn--primary btn--lg" disabled={action.busy || title.trim() === '' || text.trim() === ''}>
        {p('el.submit')}
      </button>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
    </form>
  );
}

function ElectionCard({ election: e }: { election: ElectionView }) {
  const p = useP();
  const action = useChairAction();
  const [dialog, setDialog] = useState<'cancel' | 'physical' | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const label = (o: string) => (o === 'no' ? p('no') : o === 'abstain' ? p('abstain') : (e.candidates.find((c) => c.id === o)?.name ?? o));
  const names = (ids: readonly string[]) => ids.map(label).join(', ');
  const round = e.rounds.at(-1);
  const close = () => {
    setDialog(null);
    action.clearError();
  };
  const result = e.result;
  return (
    <article className={`proc-el proc-el--${e.status}`} aria-label={e.title}>
      <header className="proc-el__head">
        <strong className="proc-el__title">{e.title}</strong>
        <span className="tag">{p(`el.mode.${e.mode}`)}</span>
        <span className="tag">{p(`el.status.${e.status}`)}</span>
        <span className="tag">{e.secret ? p('el.secret', { n: e.objections }) : p('el.open')}</span>
      </header>
      <p className="proc-el__candidates">{e.candidates.map((c) => (c.factionShort ? `${c.name} (${c.factionShort})` : c.name)).join(' · ')}</p>
      {e.rounds.map((r) => (
        <div key={r.round} className="proc-round">
          <p className="proc-round__head">
            <strong>
              {p('el.round', { n: r.round })}
              {r.runoff && ` – ${p('el.runoff')}`}
            </strong>{' '}
            · {p('el.cast', { cast: r.cast, eligible: r.eligible })}
            {r.valid !== null && ` · ${p('el.valid', { valid: r.valid })}`}
            {r.needed !== null && ` · ${p('el.needed', { needed: r.needed })}`}
            {r.decision && ` · ${p(`el.decision.${r.decision}`)}`}
          </p>
          {r.counts && (
            <table className="proc-round__counts">
              <tbody>
                {Object.entries(r.counts).map(([o, n]) => (
                  <tr key={o}>
                    <th scope="row">{label(o)}</th>
                    <td>{n}</td>
                    {r.seats && <td>{r.seats[o] ?? ''}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.lot && (
            <p className="proc-round__lot">
              {p('el.lot', {
                method: r.lot.method === 'system' ? p('el.lot.system', { value: r.lot.randomValue ?? '' }) : p('el.lot.physical'),
                winners: names(r.lot.winners),
              })}
            </p>
          )}
        </div>
      ))}
      {e.pending?.kind === 'runoff' && <p className="notice notice--info">{p('el.pendingRunoff', { names: names(e.pending.candidates) })}</p>}
      {e.pending?.kind === 'lot' && <p className="notice notice--warning">{p('el.pendingLot', { names: names(e.pending.tied), n: e.pending.seatsLeft })}</p>}
      {result && (
        <p className="proc-el__result" role="status">
          {result.kind === 'elected' && p('el.result.elected', { name: result.name })}
          {result.kind === 'not-elected' && p('el.result.not-elected')}
          {result.kind === 'joint' && p(result.accepted ? 'el.result.jointYes' : 'el.result.jointNo')}
          {result.kind === 'seats' && p('el.result.seats', { seats: Object.entries(result.seats).map(([id, n]) => `${label(id)} ${n}`).join(' · ') })}
        </p>
      )}
      <div className="proc__actions">
        {(e.status === 'prepared' || e.pending?.kind === 'runoff') && (
          <button type="button" className="btn btn--primary btn--lg" disabled={action.busy} onClick={() => void action.run('openElectionRound', { electionId: e.id })}>
            {e.status === 'prepared' ? p('el.openRound') : p('el.openRunoff')}
          </button>
        )}
        {e.status === 'voting' && round?.status === 'open' && (
          <button type="button" className="btn btn--primary btn--lg" disabled={action.busy} onClick={() => void action.run('closeElectionRound', { electionId: e.id })}>
            {p('el.closeRound')}
          </button>
        )}
        {e.pending?.kind === 'lot' && (
          <>
            <button type="button" className="btn btn--primary btn--lg" disabled={action.busy} onClick={() => void action.run('drawLot', { electionId: e.id, method: 'system' })}>
              {p('el.lotSystem')}
            </button>
            <button type="button" className="btn btn--secondary btn--lg" onClick={() => setDialog('physical')}>
              {p('el.lotPhysical')}
            </button>
          </>
        )}
        {e.status !== 'done' && e.status !== 'cancelled' && (
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setDialog('cancel')}>
            {p('el.cancel')}
          </button>
        )}
      </div>
      {dialog === null && <ErrorAlert error={action.error} onDismiss={action.clearError} />}
      {e.pending?.kind === 'lot' && dialog === 'physical' && (
        <fieldset className="proc-physical">
          <legend>{p('el.lotPick', { n: e.pending.seatsLeft })}</legend>
          {e.pending.tied.map((id) => (
            <label key={id} className="proc-physical__option">
              <input
                type="checkbox"
                checked={picked.includes(id)}
                onChange={(ev) => setPicked(ev.target.checked ? [...picked, id] : picked.filter((x) => x !== id))}
              />
              {label(id)}
            </label>
          ))}
          <button
            type="button"
            className="btn btn--primary btn--lg"
            disabled={action.busy || picked.length !== e.pending.seatsLeft}
            onClick={() => void action.run('drawLot', { electionId: e.id, method: 'physical', winners: picked }).then((r) => r && close())}
          >
            {p('el.lotPhysicalApply')}
          </button>
          <ErrorAlert error={action.error} onDismiss={action.clearError} />
        </fieldset>
      )}
      <ReasonDialog
        open={dialog === 'cancel'}
        title={p('el.cancel')}
        fieldLabel={p('el.cancelReason')}
        required
        tone="danger"
        confirmLabel={p('el.cancel')}
        busy={action.busy}
        error={action.error}
        onConfirm={(reason) => void action.run('cancelElection', { electionId: e.id, reason }).then((r) => r && close())}
        onClose={close}
      >
        {e.title}
      </ReasonDialog>
    </article>
  );
}
