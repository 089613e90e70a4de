import { useState, type FormEvent } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import { formatTime } from '../../../ui-shared/format';
import { ErrorAlert } from '../common/ErrorAlert';
import { ReasonDialog } from '../common/ReasonDialog';
import { useI18n } from '../i18n';
import { useClerkAction, useTx } from './shared';

type Note = ClerkView['recordNotes'][number];
/** The item select's value for "the session as a whole". */
const SESSION = '';

/**
 * Declarations for the record and the clerk's own notes (RULES.md §9): what the minutes print word
 * for word under the item. An entry is never edited or deleted; a mistaken one is withdrawn with
 * a reason and stays visible, marked.
 */
export function NotesTab({ view }: { view: ClerkView }) {
  const tx = useTx();
  const { lang } = useI18n();
  const [withdrawing, setWithdrawing] = useState<Note | null>(null);
  const withdraw = useClerkAction();
  return (
    <>
      <section className="panel" aria-labelledby="notes-new-title">
        <h2 id="notes-new-title" className="panel__title">
          {tx('Erklärung zu Protokoll oder Vermerk aufnehmen', 'Record a declaration or a note')}
        </h2>
        <NoteForm view={view} />
      </section>
      <section className="panel" aria-labelledby="notes-list-title">
        <h2 id="notes-list-title" className="panel__title">
          {tx('Aufgenommen', 'Recorded')} ({view.recordNotes.length})
        </h2>
        {view.recordNotes.length === 0 && <p>{tx('Noch keine Erklärung und kein Vermerk.', 'No declaration or note yet.')}</p>}
        <ul className="clerk-notes">
          {view.recordNotes.map((n) => (
            <li key={n.id} className={`clerk-note${n.withdrawn ? ' clerk-note--withdrawn' : ''}`}>
              <p className="clerk-note__head">
                <strong>
                  {n.kind === 'declaration'
                    ? tx(`Erklärung zu Protokoll von ${n.member?.name ?? '?'}`, `Declaration for the record by ${n.member?.name ?? '?'}`)
                    : tx('Vermerk der Schriftführung', "Clerk's note")}
                </strong>{' '}
                · {n.itemLabel ?? tx('zur Sitzung', 'on the session')} · {formatTime(n.at, lang)}
              </p>
              <blockquote className="clerk-note__text">{n.text}</blockquote>
              {n.withdrawn ? (
                <p className="clerk-note__withdrawn">
                  {tx('Zurückgenommen', 'Withdrawn')} ({formatTime(n.withdrawn.at, lang)}). {tx('Grund', 'Reason')}: {n.withdrawn.reason}
                </p>
              ) : (
                <button
                  type="button"
                  className="btn btn--secondary btn--sm"
                  onClick={() => {
                    withdraw.clearError();
                    setWithdrawing(n);
                  }}
                >
                  {tx('Zurücknehmen', 'Withdraw')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <ReasonDialog
        open={withdrawing !== null}
        title={tx('Eintrag zurücknehmen', 'Withdraw entry')}
        fieldLabel={tx('Grund', 'Reason')}
        required
        confirmLabel={tx('Zurücknehmen', 'Withdraw')}
        busy={withdraw.busy}
        error={withdraw.error}
        onConfirm={(reason) => {
          if (!withdrawing) return;
          void withdraw.run('withdrawRecordNote', { noteId: withdrawing.id, reason }).then((done) => {
            if (done) setWithdrawing(null);
          });
        }}
        onClose={() => setWithdrawing(null)}
      >
        <p>
          {tx(
            'Der Eintrag bleibt in der Niederschrift, als zurückgenommen gekennzeichnet, mit Zeit und Grund.',
            'The entry stays in the minutes, marked as withdrawn, with time and reason.',
          )}
        </p>
        {withdrawing && <blockquote className="clerk-note__text">{withdrawing.text}</blockquote>}
      </ReasonDialog>
    </>
  );
}

function NoteForm({ view }: { view: ClerkView }) {
  const tx = useTx();
  const action = useClerkAction();
  const [kind, setKind] = useState<'declaration' | 'note'>('declaration');
  const [itemId, setItemId] = useState<string>(view.agenda[0]?.id ?? SESSION);
  const [memberId, setMemberId] = useState('');
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);
  const members = view.members.filter((m) => m.active);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const item = itemId === SESSION ? null : itemId;
    const payload = kind === 'declaration' ? { kind, itemId: item, memberId, text } : { kind, itemId: item, text };
    if (await action.run('addRecordNote', payload)) {
      setText('');
      setSaved(true);
    }
  };
  return (
    <form className="clerk-form clerk-form--wide" onSubmit={(e) => void submit(e)}>
      <fieldset className="field clerk-kinds" style={{ gridColumn: '1 / -1' }}>
        <legend>{tx('Art', 'Kind')}</legend>
        <label className="clerk-kind">
          <input type="radio" name="note-kind" checked={kind === 'declaration'} onChange={() => setKind('declaration')} />{' '}
          {tx('Erklärung eines Mitglieds zu Protokoll', "A member's declaration for the record")}
        </label>
        <label className="clerk-kind">
          <input type="radio" name="note-kind" checked={kind === 'note'} onChange={() => setKind('note')} /> {tx('Vermerk der Schriftführung', "Clerk's note")}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="note-item">{tx('Tagesordnungspunkt', 'Agenda item')}</label>
        <select id="note-item" className="input" value={itemId} onChange={(e) => setItemId(e.target.value)}>
          {view.agenda.map((i) => (
            <option key={i.id} value={i.id}>
              TOP {i.number} – {i.title}
            </option>
          ))}
          <option value={SESSION}>{tx('Zur Sitzung allgemein', 'The session as a whole')}</option>
        </select>
      </div>
      {kind === 'declaration' && (
        <div className="field">
          <label htmlFor="note-member">{tx('Mitglied', 'Member')}</label>
          <select id="note-member" className="input" required value={memberId} onChange={(e) => setMemberId(e.target.value)}>
            <option value="">{tx('– bitte wählen –', '– please choose –')}</option>
            {members.map((m) => (
              <option key={m.member.id} value={m.member.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field" style={{ gridColumn: '1 / -1' }}>
        <label htmlFor="note-text">{tx('Wortlaut', 'Wording')}</label>
        <textarea id="note-text" className="input" rows={4} maxLength={4000} required value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      {saved && (
        <p role="status" style={{ gridColumn: '1 / -1' }}>
          {tx('Aufgenommen. Die Niederschrift enthält den Eintrag.', 'Recorded. The minutes contain the entry.')}
        </p>
      )}
      <div className="clerk-row-actions">
        <button type="submit" className="btn btn--primary" disabled={action.busy}>
          {tx('In die Niederschrift aufnehmen', 'Add to the minutes')}
        </button>
      </div>
    </form>
  );
}
