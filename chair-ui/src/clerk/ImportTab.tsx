import { useState } from 'react';
import type { ImportPreview } from '../../../server/protocol/clerk';
import { ErrorAlert } from '../common/ErrorAlert';
import { useI18n } from '../i18n';
import { useClerkAction, useTx } from './shared';

/** CSV import: check first (per-row errors), then record everything in one go, or nothing. */
export function ImportTab() {
  const tx = useTx();
  const { pick } = useI18n();
  const action = useClerkAction();
  const [factionsCsv, setFactionsCsv] = useState('');
  const [membersCsv, setMembersCsv] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const labels = { factions: tx('Fraktionen (CSV)', 'Factions (CSV)'), members: tx('Mitglieder (CSV)', 'Members (CSV)') };
  const payload = () => ({ ...(factionsCsv.trim() ? { factionsCsv } : {}), ...(membersCsv.trim() ? { membersCsv } : {}) });

  const readFile = async (file: File | undefined, set: (text: string) => void) => {
    if (!file) return;
    set(await file.text());
    setPreview(null);
  };
  const check = async () => {
    setDone(null);
    setPreview(await action.run('previewImport', payload()));
  };
  const importAll = async () => {
    const result = await action.run('importCsv', payload());
    if (result) {
      setDone(tx(`Importiert: ${result.factions} Fraktionen, ${result.members} Mitglieder, ${result.cards} Karten.`, `Imported: ${result.factions} factions, ${result.members} members, ${result.cards} cards.`));
      setPreview(null);
      setFactionsCsv('');
      setMembersCsv('');
    }
  };

  const file = (id: string, label: string, value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label={tx(`${label}: Datei wählen`, `${label}: choose file`)}
        onChange={(e) => void readFile(e.target.files?.[0], set)}
      />
      <textarea
        id={id}
        className="input"
        value={value}
        onChange={(e) => {
          set(e.target.value);
          setPreview(null);
        }}
      />
    </div>
  );

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title" className="panel__title">
        {tx('Fraktionen und Mitglieder aus CSV importieren', 'Import factions and members from CSV')}
      </h2>
      <p>
        {tx(
          'Trennzeichen Semikolon (wie Excel) oder Komma, UTF-8. Fraktionen: Kurzname;Name;Farbe. Mitglieder: Titel;Vorname;Nachname;Fraktion;Stimmrecht;Rolle;Von;Bis;Karte. Es wird alles übernommen oder nichts.',
          'Separator semicolon (as Excel) or comma, UTF-8. Factions: Kurzname;Name;Farbe. Members: Titel;Vorname;Nachname;Fraktion;Stimmrecht;Rolle;Von;Bis;Karte. Everything is imported, or nothing.',
        )}
      </p>
      <div className="clerk-form clerk-form--wide">
        {file('csv-factions', labels.factions, factionsCsv, setFactionsCsv)}
        {file('csv-members', labels.members, membersCsv, setMembersCsv)}
        <div className="clerk-row-actions">
          <button type="button" className="btn btn--secondary" disabled={action.busy} onClick={() => void check()}>
            {tx('Prüfen', 'Check')}
          </button>
          <button type="button" className="btn btn--primary" disabled={action.busy || !preview?.valid} onClick={() => void importAll()}>
            {tx('Importieren', 'Import')}
          </button>
        </div>
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clearError} />
      {done && (
        <div className="clerk-banner clerk-banner--ok" role="status">
          {done}
        </div>
      )}
      {preview && (
        <div aria-label={tx('Vorschau', 'Preview')} role="region">
          <p role="status" className={`clerk-banner ${preview.valid ? 'clerk-banner--ok' : 'clerk-banner--error'}`}>
            {preview.valid
              ? tx(
                  `Bereit: ${preview.factions.length} Fraktionen, ${preview.members.length} Mitglieder.`,
                  `Ready: ${preview.factions.length} factions, ${preview.members.length} members.`,
                )
              : tx('Fehler gefunden – es wird nichts importiert, bis alle behoben sind.', 'Errors found – nothing is imported until all are fixed.')}
          </p>
          {preview.fileErrors.length > 0 && (
            <ul className="clerk-errors">
              {preview.fileErrors.map((e, i) => (
                // which of the two files is wrong; a refusal of the whole import belongs to neither
                <li key={i}>{e.file === 'import' ? pick(e.message) : `${labels[e.file]}: ${pick(e.message)}`}</li>
              ))}
            </ul>
          )}
          {preview.factions.length > 0 && (
            <table className="clerk-table">
              <caption>{tx('Fraktionen', 'Factions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx('Zeile', 'Line')}</th>
                  <th scope="col">{tx('Fraktion', 'Faction')}</th>
                  <th scope="col">{tx('Fehler', 'Errors')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.factions.map((r) => (
                  <tr key={r.line} className={r.errors.length ? 'has-error' : ''}>
                    <td>{r.line}</td>
                    <td>{r.faction ? `${r.faction.shortName} – ${r.faction.name}` : '–'}</td>
                    <td>{r.errors.map((e) => `${e.column ? `${e.column}: ` : ''}${pick(e.message)}`).join(' · ') || 'OK'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.members.length > 0 && (
            <table className="clerk-table">
              <caption>{tx('Mitglieder', 'Members')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx('Zeile', 'Line')}</th>
                  <th scope="col">{tx('Mitglied', 'Member')}</th>
                  <th scope="col">{tx('Karte', 'Card')}</th>
                  <th scope="col">{tx('Fehler', 'Errors')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.members.map((r) => (
                  <tr key={r.line} className={r.errors.length ? 'has-error' : ''}>
                    <td>{r.line}</td>
                    <td>{r.member ? [r.member.title, r.member.firstName, r.member.lastName].filter(Boolean).join(' ') : '–'}</td>
                    <td>{r.card ?? '–'}</td>
                    <td>{r.errors.map((e) => `${e.column ? `${e.column}: ` : ''}${pick(e.message)}`).join(' · ') || 'OK'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
