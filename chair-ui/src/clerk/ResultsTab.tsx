import { useState, type FormEvent } from 'react';
import type { ClerkView } from '../../../server/protocol/clerk';
import type { Tally } from '../../../server/protocol/common';
import { VOTE_KIND_LABELS } from '../../../server/protocol/labels';
import { formatTime } from '../../../ui-shared/format';
import { ErrorAlert } from '../common/ErrorAlert';
import { Modal } from '../common/Modal';
import { useI18n } from '../i18n';
import { useClerkAction, useTx } from './shared';

const counts = (t: Tally, tx: (de: string, en: string) => string) =>
  tx(`${t.yes} Ja, ${t.no} Nein, ${t.abstain} Enthaltungen`, `${t.yes} yes, ${t.no} no, ${t.abstain} abstentions`);

/** Every closed vote with its recorded result and every correction of it: nothing is overwritten. */
export function ResultsTab({ view }: { view: ClerkView }) {
  const tx = useTx();
  const { pick, lang } = useI18n();
  const [correcting, setCorrecting] = useState<ClerkView['history'][number] | null>(null);
  return (
    <section className="panel" aria-labelledby="results-title">
      <h2 id="results-title" className="panel__title">
        {tx('Abstimmungsergebnisse', 'Vote results')}
      </h2>
      {view.history.length === 0 && <p>{tx('Noch keine abgeschlossene Abstimmung.', 'No closed vote yet.')}</p>}
      <ul className="clerk-form clerk-form--wide" style={{ listStyle: 'none', padding: 0 }}>
        {view.history.map((h) => (
          <li key={h.summary.id} className="panel" aria-label={h.summary.title}>
            <h3>
              {h.summary.title} <span className="tag">{pick(VOTE_KIND_LABELS[h.summary.kind])}</span>
            </h3>
            {h.result ? (
              <p>
                {tx('Erfasstes Ergebnis', 'Recorded result')} ({formatTime(h.result.closedAt, lang)}): {counts(h.result.tally, tx)} –{' '}
                <strong>{h.result.passed ? tx('angenommen', 'passed') : tx('abgelehnt', 'rejected')}</strong>
              </p>
            ) : (
              <p>
                {tx('Abgebrochen', 'Cancelled')}: {h.cancelReason}
              </p>
            )}
            {h.corrections.map((c, i) => (
              <div key={i} className="clerk-correction">
                <strong>
                  {tx('Korrektur', 'Correction')} {i + 1}
                </strong>{' '}
                ({formatTime(c.at, lang)}, {c.by === 'clerk' ? tx('Schriftführung', 'clerk') : tx('Sitzungsleitung', 'chair')}): {counts(c.tally, tx)} –{' '}
                <strong>{c.passed ? tx('angenommen', 'passed') : tx('abgelehnt', 'rejected')}</strong>. {tx('Grund', 'Reason')}: {c.reason}
              </div>
            ))}
            {h.result && (
              <button type="button" className="btn btn--secondary btn--sm" onClick={() => setCorrecting(h)} aria-label={tx(`Ergebnis korrigieren: ${h.summary.title}`, `Correct result: ${h.summary.title}`)}>
                {tx('Ergebnis korrigieren', 'Correct result')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <Modal open={correcting !== null} title={tx('Ergebnis korrigieren', 'Correct result')} onClose={() => setCorrecting(null)}>
        {correcting && <CorrectionForm entry={correcting} onDone={() => setCorrecting(null)} />}
      </Modal>
    </section>
  );
}

function CorrectionForm({ entry, onDone }: { entry: ClerkView['history'][number]; onDone: () => void }) {
  const tx = useTx();
  const action = useClerkAction();
  const current = entry.corrections.at(-1)?.tally ?? entry.result?.tally ?? { yes: 0, no: 0, abstain: 0 };
  const [tally, setTally] = useState(current);
  const [reason, setReason] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run('correctResult', { voteId: entry.summary.id, tally, reason })) onDone();
  };
  const num = (key: keyof Tally, label: string) => (
    <div className="field">
      <label htmlFor={`corr-${key}`}>{label}</label>
      <input id={`corr-${key}`} type="number" min={0} className="input" value={tally[key]} onChange={(e) => setTally({ ...tally, [key]: Number(e.target.value) })} />
    </div>
  );
  return (
    <form className="clerk-form" onSubmit={(e) => void submit(e)}>
      <p style={{ gridColumn: '1 / -1' }}>
        {tx(
          'Das erfasste Ergebnis bleibt bestehen; die Korrektur wird mit Grund daneben in die Niederschrift aufgenommen.',
          'The recorded result stays; the correction goes into the minutes beside it, with its reason.',
        )}
      </p>
      {num('yes', tx('Ja', 'Yes'))}
      {num('no', tx('Nein', 'No'))}
      {num('abstain', tx('Enthaltungen', 'Abstentions'))}
      <div className="field" style={{ gridColumn: '1 / -1' }}>
        <label htmlFor="corr-reason">{tx('Grund', 'Reason')}</label>
        <input id="corr-reason" className="input" required value={reason} onChange={(e) => setReason(e.target.value)} data-autofocus />
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      <div className="clerk-row-actions">
        <button type="submit" className="btn btn--primary" disabled={action.busy}>
          {tx('Korrektur erfassen', 'Record correction')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {tx('Abbrechen', 'Cancel')}
        </button>
      </div>
    </form>
  );
}
