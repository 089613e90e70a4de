import { dictionaryTranslator, type Params } from '../../../ui-shared/i18n';
import { useI18n } from '../i18n';

const de = {
  'edit.open': 'Tagesordnung bearbeiten',
  'edit.heading': 'Tagesordnung bearbeiten',
  'edit.done': 'Fertig',
  'edit.hint': 'Jede Änderung wird sofort gespeichert und in der Niederschrift nachvollziehbar.',
  'edit.number': 'Nummer',
  'edit.title': 'Titel',
  'edit.public': 'öffentlich',
  'edit.motion': 'Beschlussvorschlag',
  'edit.documentRef': 'Drucksache',
  'edit.save': 'Speichern',
  'edit.saved': 'Gespeichert',
  'edit.up': 'Nach oben',
  'edit.down': 'Nach unten',
  'edit.remove': 'Streichen',
  'edit.add': 'Punkt hinzufügen',
  'edit.addHeading': 'Neuer Tagesordnungspunkt',
  'import.heading': 'Tagesordnung importieren (CSV oder JSON)',
  'import.hint': 'CSV mit Kopfzeile: Nummer;Titel;Öffentlich;Beschlussvorschlag;Drucksache – oder JSON-Liste. Der Import ersetzt die ganze Tagesordnung, solange noch kein Punkt aufgerufen wurde.',
  'import.file': 'Datei wählen',
  'import.text': 'Inhalt der Datei',
  'import.preview': 'Vorschau',
  'import.line': 'Zeile',
  'import.errors': 'Fehler',
  'import.okRow': 'in Ordnung',
  'import.summary': '{ok} von {all} Zeilen in Ordnung',
  'import.run': 'Importieren',
  'import.confirmTitle': 'Tagesordnung ersetzen?',
  'import.confirmBody': 'Die bisherige Tagesordnung wird durch {n} Punkte aus der Datei ersetzt.',
  'import.done': '{n} Punkte importiert.',
  'import.blocked': 'Erst alle fehlerhaften Zeilen korrigieren: Es wird nichts teilweise importiert.',
} as const;

export type AgendaKey = keyof typeof de;

const en: Record<AgendaKey, string> = {
  'edit.open': 'Edit the agenda',
  'edit.heading': 'Edit the agenda',
  'edit.done': 'Done',
  'edit.hint': 'Every change is recorded at once and traceable in the minutes.',
  'edit.number': 'Number',
  'edit.title': 'Title',
  'edit.public': 'public',
  'edit.motion': 'Motion',
  'edit.documentRef': 'Document ref.',
  'edit.save': 'Save',
  'edit.saved': 'Saved',
  'edit.up': 'Move up',
  'edit.down': 'Move down',
  'edit.remove': 'Remove',
  'edit.add': 'Add item',
  'edit.addHeading': 'New agenda item',
  'import.heading': 'Import the agenda (CSV or JSON)',
  'import.hint': 'CSV with a header: number;title;public;motion;documentRef – or a JSON list. The import replaces the whole agenda as long as no item has been called.',
  'import.file': 'Choose a file',
  'import.text': 'File content',
  'import.preview': 'Preview',
  'import.line': 'Line',
  'import.errors': 'Errors',
  'import.okRow': 'fine',
  'import.summary': '{ok} of {all} lines fine',
  'import.run': 'Import',
  'import.confirmTitle': 'Replace the agenda?',
  'import.confirmBody': 'The current agenda is replaced by {n} items from the file.',
  'import.done': '{n} items imported.',
  'import.blocked': 'Correct every faulty line first: nothing is imported in part.',
};

const translate = dictionaryTranslator<AgendaKey>({ de, en });

export function useAgendaText(): (key: AgendaKey, params?: Params) => string {
  const { lang } = useI18n();
  return (key, params) => translate(lang, key, params);
}
