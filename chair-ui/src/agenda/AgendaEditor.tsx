import { useId, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { previewAgendaImport } from '../../../server/protocol/agenda-import';
import type { ItemView } from '../../../server/protocol/views';
import { useChairAction } from '../chair/context';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useAgendaText } from './texts';

interface Draft {
  number: string;
  title: string;
  public: boolean;
  motion: string;
  documentRef: string;
}

const draftOf = (i: ItemView | null): Draft => ({
  number: i?.number ?? '',
  title: i?.title ?? '',
  public: i?.public ?? true,
  motion: i?.motion ?? '',
  documentRef: i?.documentRef ?? '',
});

const itemOf = (d: Draft) => ({
  number: d.number.trim(),
  title: d.title.trim(),
  public: d.public,
  ...(d.motion.trim() ? { motion: d.motion.trim() } : {}),
  ...(d.documentRef.trim() ? { documentRef: d.documentRef.trim() } : {}),
});

/** "Tagesordnung bearbeiten": edit, order, add, remove items; import a file with a preview. */
export function AgendaEditor({ agenda, onDone }: { agenda: readonly ItemView[]; onDone: () => void }) {
  const a = useAgendaText();
  const headingId = useId();
  return (
    <section className="panel agenda-edit" aria-labelledby={headingId}>
      <header className="agenda-edit__header">
        <h2 id={headingId} className="panel__title">
          {a('edit.heading')}
        </h2>
        <button type="button" className="btn btn--primary" onClick={onDone}>
          {a('edit.done')}
        </button>
      </header>
      <p className="agenda-edit__hint">{a('edit.hint')}</p>
      <ol className="agenda-edit__list">
        {agenda.map((item, index) => (
          <li key={item.id}>
            <ItemRow key={JSON.stringify(item)} item={item} index={index} last={index === agenda.length - 1} />
          </li>
        ))}
      </ol>
      <AddItem />
      <ImportAgenda />
    </section>
  );
}

function Fields({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const a = useAgendaText();
  const id = useId();
  const set = (k: keyof Draft) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    onChange({ ...draft, [k]: k === 'public' ? (e.target as HTMLInputElement).checked : e.target.value });
  return (
    <div className="agenda-edit__fields">
      <label htmlFor={`${id}-n`}>{a('edit.number')}</label>
      <input id={`${id}-n`} className="agenda-edit__number" value={draft.number} maxLength={20} onChange={set('number')} />
      <label htmlFor={`${id}-t`}>{a('edit.title')}</label>
      <input id={`${id}-t`} className="agenda-edit__title" value={draft.title} maxLength={500} onChange={set('title')} />
      <label htmlFor={`${id}-d`}>{a('edit.documentRef')}</label>
      <input id={`${id}-d`} value={draft.documentRef} maxLength={100} onChange={set('documentRef')} />
      <label className="agenda-edit__check">
        <input type="checkbox" checked={draft.public} onChange={set('public')} /> {a('edit.public')}
      </label>
      <label htmlFor={`${id}-m`}>{a('edit.motion')}</label>
      <textarea id={`${id}-m`} rows={2} value={draft.motion} maxLength={5000} onChange={set('motion')} />
    </div>
  );
}

function ItemRow({ item, index, last }: { item: ItemView; index: number; last: boolean }) {
  const a = useAgendaText();
  const act = useChairAction();
  const [draft, setDraft] = useState(() => draftOf(item));
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(item));
  const save = (e: FormEvent) => {
    e.preventDefault();
    void act.run('changeAgendaItem', { item: { id: item.id, ...itemOf(draft) } });
  };
  return (
    <form className={`agenda-edit__row${item.public ? '' : ' agenda-edit__row--private'}`} onSubmit={save} aria-label={`TOP ${item.number}`}>
      <Fields draft={draft} onChange={setDraft} />
      <div className="agenda-edit__actions">
        <button type="submit" className="btn btn--primary btn--sm" disabled={!dirty || act.busy}>
          {dirty ? a('edit.save') : a('edit.saved')}
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          aria-label={`${a('edit.up')}: TOP ${item.number}`}
          disabled={index === 0 || act.busy}
          onClick={() => void act.run('moveAgendaItem', { itemId: item.id, position: index - 1 })}
        >
          ↑
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--sm"
          aria-label={`${a('edit.down')}: TOP ${item.number}`}
          disabled={last || act.busy}
          onClick={() => void act.run('moveAgendaItem', { itemId: item.id, position: index + 1 })}
        >
          ↓
        </button>
        <button
          type="button"
          className="btn btn--danger-outline btn--sm"
          aria-label={`${a('edit.remove')}: TOP ${item.number}`}
          disabled={act.busy}
          onClick={() => void act.run('removeAgendaItem', { itemId: item.id })}
        >
          {a('edit.remove')}
        </button>
      </div>
      <ErrorAlert error={act.error} onDismiss={act.clearError} />
    </form>
  );
}

function AddItem() {
  const a = useAgendaText();
  const act = useChairAction();
  const [draft, setDraft] = useState(() => draftOf(null));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void act.run('addAgendaItem', { item: itemOf(draft) }).then((r) => {
      if (r) setDraft(draftOf(null));
    });
  };
  return (
    <form className="agenda-edit__add" onSubmit={submit} aria-label={a('edit.addHeading')}>
      <h3 className="section-title">{a('edit.addHeading')}</h3>
      <Fields draft={draft} onChange={setDraft} />
      <button type="submit" className="btn btn--secondary" disabled={act.busy || draft.number.trim() === '' || draft.title.trim() === ''}>
        {a('edit.add')}
      </button>
      <ErrorAlert error={act.error} onDismiss={act.clearError} />
    </form>
  );
}

function ImportAgenda() {
  const a = useAgendaText();
  const { pick } = useI18n();
  const act = useChairAction();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const preview = useMemo(() => (text.trim() === '' ? null : previewAgendaImport(text)), [text]);
  const good = preview?.rows.filter((r) => r.errors.length === 0).length ?? 0;
  const readFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    void file.text().then((t) => {
      setText(t);
      setDone(null);
    });
  };
  const runImport = async () => {
    if (!preview?.ok) return;
    const items = preview.rows.flatMap((r) => (r.item ? [r.item] : []));
    const r = await act.run('importAgenda', { items });
    if (r) {
      setConfirming(false);
      setDone(r.count);
      setText('');
    }
  };
  return (
    <section className="agenda-import" aria-label={a('import.heading')}>
      <h3 className="section-title">{a('import.heading')}</h3>
      <p className="agenda-edit__hint">{a('import.hint')}</p>
      <label htmlFor={fileId}>{a('import.file')}</label>
      <input id={fileId} type="file" accept=".csv,.json,.txt,text/csv,application/json" onChange={readFile} />
      <label htmlFor={textId}>{a('import.text')}</label>
      <textarea
        id={textId}
        rows={6}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setDone(null);
        }}
      />
      {done !== null && (
        <p className="agenda-import__done" role="status">
          {a('import.done', { n: done })}
        </p>
      )}
      {preview && (
        <div className="agenda-import__preview" role="region" aria-label={a('import.preview')}>
          {preview.fileErrors.map((e) => (
            <p key={e.en} className="field__error" role="alert">
              {pick(e)}
            </p>
          ))}
          {preview.rows.length > 0 && (
            <>
              <p role="status">{a('import.summary', { ok: good, all: preview.rows.length })}</p>
              <table className="agenda-import__table">
                <caption className="sr-only">{a('import.preview')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{a('import.line')}</th>
                    <th scope="col">{a('edit.number')}</th>
                    <th scope="col">{a('edit.title')}</th>
                    <th scope="col">{a('edit.public')}</th>
                    <th scope="col">{a('import.errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.line} className={r.errors.length > 0 ? 'agenda-import__bad' : undefined}>
                      <td>{r.line}</td>
                      <td>{r.item?.number ?? ''}</td>
                      <td>{r.item?.title ?? ''}</td>
                      <td>{r.item ? (r.item.public ? '✓' : '–') : ''}</td>
                      <td>{r.errors.length === 0 ? a('import.okRow') : r.errors.map((e) => pick(e)).join(' ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {!preview.ok && preview.rows.length > 0 && <p className="field__error">{a('import.blocked')}</p>}
          <button type="button" className="btn btn--primary" disabled={!preview.ok || act.busy} onClick={() => setConfirming(true)}>
            {a('import.run')}
          </button>
        </div>
      )}
      <ErrorAlert error={confirming ? null : act.error} onDismiss={act.clearError} />
      <ConfirmDialog
        open={confirming}
        title={a('import.confirmTitle')}
        confirmLabel={a('import.run')}
        tone="danger"
        busy={act.busy}
        error={act.error}
        onConfirm={() => void runImport()}
        onClose={() => {
          setConfirming(false);
          act.clearError();
        }}
      >
        <p>{a('import.confirmBody', { n: good })}</p>
      </ConfirmDialog>
    </section>
  );
}
