import { dictionaryTranslator } from '../../../ui-shared/i18n';
import type { Lang } from '../i18n';

/** Texts of the exports page, kept beside it (German first). */
const de = {
  title: 'Niederschrift und Export',
  back: 'Zur Sitzungsleitung',
  backClerk: 'Zur Schriftführung',
  intro: 'Die Dateien werden beim Herunterladen aus dem Ereignisprotokoll erstellt und geben den aktuellen Stand wieder.',
  loading: 'Lade Sitzungsdaten …',
  failed: 'Der Export ist nicht verfügbar: {message}',
  unreachable: 'Der Server ist nicht erreichbar.',
  retry: 'Erneut versuchen',
  session: 'Sitzung',
  events: 'Einträge im Ereignisprotokoll',
  hash: 'Prüfsumme (SHA-256)',
  download: 'Herunterladen',
  preparing: 'Download wird vorbereitet …',
  ticketFailed: 'Der Download wurde nicht gestartet: {message}',
  'pdf.title': 'Niederschrift (PDF)',
  'pdf.desc': 'Zum Ausdrucken, Unterschreiben und Ablegen.',
  'docx.title': 'Niederschrift als Entwurf (Word)',
  'docx.desc': 'Bearbeitbar, um die Niederschrift in der Textverarbeitung fertigzustellen.',
  'csv.title': 'Abstimmungen (CSV)',
  'csv.desc': 'Eine Zeile je Abstimmung, für Excel und LibreOffice.',
  'csv-named.title': 'Namentliche Abstimmungen (CSV)',
  'csv-named.desc': 'Eine Zeile je Mitglied und namentlicher Abstimmung.',
  'csv-elections.title': 'Wahlen (CSV)',
  'csv-elections.desc': 'Eine Zeile je Wahlgang und Vorschlag, mit Stimmen und Ergebnis.',
  'json.title': 'Gesamte Sitzung (JSON)',
  'json.desc': 'Niederschrift und Ereignisprotokoll, maschinenlesbar und versioniert.',
  'oparl.title': 'OParl (JSON)',
  'oparl.desc': 'Für den Import in ein Ratsinformationssystem.',
} as const;

type Key = keyof typeof de;

const en: Record<Key, string> = {
  title: 'Minutes and export',
  back: 'Back to the chair console',
  backClerk: 'Back to the clerk screen',
  intro: 'The files are made from the event log when you download them and show the current state.',
  loading: 'Loading session data …',
  failed: 'The export is not available: {message}',
  unreachable: 'The server cannot be reached.',
  retry: 'Try again',
  session: 'Session',
  events: 'Entries in the event log',
  hash: 'Checksum (SHA-256)',
  download: 'Download',
  preparing: 'Preparing the download …',
  ticketFailed: 'The download was not started: {message}',
  'pdf.title': 'Minutes (PDF)',
  'pdf.desc': 'To print, sign and file.',
  'docx.title': 'Minutes as a draft (Word)',
  'docx.desc': 'Editable, to finish the minutes in a word processor.',
  'csv.title': 'Votes (CSV)',
  'csv.desc': 'One row per vote, for Excel and LibreOffice.',
  'csv-named.title': 'Roll-call votes (CSV)',
  'csv-named.desc': 'One row per member and roll-call vote.',
  'csv-elections.title': 'Elections (CSV)',
  'csv-elections.desc': 'One row per ballot round and nomination, with votes and outcome.',
  'json.title': 'Whole session (JSON)',
  'json.desc': 'Minutes and event log, machine-readable and versioned.',
  'oparl.title': 'OParl (JSON)',
  'oparl.desc': 'For import into a council information system.',
};

export type ExportTextKey = Key;

const translate = dictionaryTranslator<Key>({ de, en });

export function exportText(lang: Lang, key: Key, params?: Readonly<Record<string, string>>): string {
  return translate(lang, key, params);
}
