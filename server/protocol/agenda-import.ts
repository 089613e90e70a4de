import { AgendaItem } from './register';
import type { Bilingual } from './labels';

/**
 * Reading an agenda from a simple file, for a preview before anything is recorded: every row
 * with its item or its errors. Shared by the chair UI (preview) and the tests; the server
 * validates the items again when they are imported.
 *
 * CSV: a header row, then one item per row; separator ";" or "," (taken from the header);
 * fields in double quotes may contain separators, line breaks and "" for a quote.
 * Columns (German or English names): Nummer/number, Titel/title, Öffentlich/public (ja/nein,
 * yes/no, true/false, 1/0, ö/nö), Beschlussvorschlag/motion, Drucksache/documentRef.
 * JSON: an array of objects with number, title, public, motion, documentRef (or { "agenda": [...] }).
 */

export interface ImportRow {
  /** 1-based line (CSV) or 1-based index (JSON). */
  line: number;
  item: AgendaItem | null;
  errors: Bilingual[];
}

export interface AgendaImportPreview {
  format: 'csv' | 'json';
  rows: ImportRow[];
  /** Problems of the whole file (no header, not JSON, nothing in it). */
  fileErrors: Bilingual[];
  /** True when every row is good and there is at least one: only then may it be imported. */
  ok: boolean;
}

const COLUMNS: Readonly<Record<string, keyof Omit<AgendaItem, 'id'>>> = {
  nummer: 'number',
  number: 'number',
  top: 'number',
  titel: 'title',
  title: 'title',
  betreff: 'title',
  öffentlich: 'public',
  oeffentlich: 'public',
  public: 'public',
  beschlussvorschlag: 'motion',
  motion: 'motion',
  antrag: 'motion',
  drucksache: 'documentRef',
  documentref: 'documentRef',
  vorlage: 'documentRef',
};

const TRUE = new Set(['ja', 'yes', 'true', '1', 'ö', 'öffentlich', 'public', 'x']);
const FALSE = new Set(['nein', 'no', 'false', '0', 'nö', 'nichtöffentlich', 'nicht öffentlich', 'non-public', '']);

const msg = (de: string, en: string): Bilingual => ({ de, en });

/** Splits CSV text into rows of fields (RFC 4180 quoting), with the line each row starts on. */
export function parseCsv(text: string, separator: string): { line: number; fields: string[] }[] {
  const rows: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i += 1) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (ch === separator) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line += 1;
      rowLine = line;
    } else field += ch;
  }
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) rows.push({ line: rowLine, fields });
  return rows;
}

/** A stable id from the item number: "1.1" -> "top-1-1", "N 1" -> "top-n-1"; unique in the file. */
function idFor(number: string, taken: Set<string>): string {
  const base = `top-${number.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x'}`.slice(0, 56);
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function toItem(raw: Record<string, unknown>, line: number, ids: Set<string>, numbers: Map<string, number>): ImportRow {
  const errors: Bilingual[] = [];
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const number = text(raw.number);
  const title = text(raw.title);
  let isPublic = true;
  if (typeof raw.public === 'boolean') isPublic = raw.public;
  else if (raw.public !== undefined) {
    const v = text(raw.public).toLowerCase();
    if (TRUE.has(v)) isPublic = true;
    else if (FALSE.has(v)) isPublic = false;
    else errors.push(msg(`„${text(raw.public)}“ ist weder ja noch nein (öffentlich).`, `"${text(raw.public)}" is neither yes nor no (public).`));
  }
  if (number === '') errors.push(msg('Die Nummer fehlt.', 'The number is missing.'));
  if (title === '') errors.push(msg('Der Titel fehlt.', 'The title is missing.'));
  const seen = numbers.get(number.toLowerCase());
  if (number !== '' && seen !== undefined) errors.push(msg(`Die Nummer „${number}“ steht schon in Zeile ${seen}.`, `The number "${number}" is already in line ${seen}.`));
  if (number !== '') numbers.set(number.toLowerCase(), line);
  const motion = text(raw.motion);
  const documentRef = text(raw.documentRef);
  const candidate = {
    id: idFor(number, ids),
    number,
    title,
    public: isPublic,
    ...(motion ? { motion } : {}),
    ...(documentRef ? { documentRef } : {}),
  };
  const parsed = AgendaItem.safeParse(candidate);
  if (!parsed.success && errors.length === 0) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.');
      errors.push(msg(`${field}: ${issue.message}`, `${field}: ${issue.message}`));
    }
  }
  return { line, item: errors.length === 0 && parsed.success ? parsed.data : null, errors };
}

function finish(format: 'csv' | 'json', rows: ImportRow[], fileErrors: Bilingual[]): AgendaImportPreview {
  if (rows.length === 0 && fileErrors.length === 0) fileErrors.push(msg('Die Datei enthält keine Tagesordnungspunkte.', 'The file holds no agenda items.'));
  return { format, rows, fileErrors, ok: fileErrors.length === 0 && rows.length > 0 && rows.every((r) => r.errors.length === 0) };
}

export function previewCsv(text: string): AgendaImportPreview {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const [header, ...body] = parseCsv(text, separator);
  if (!header) return finish('csv', [], []);
  const columns = header.fields.map((h) => COLUMNS[h.trim().toLowerCase()] ?? null);
  const fileErrors: Bilingual[] = [];
  if (!columns.includes('number') || !columns.includes('title')) {
    fileErrors.push(
      msg(
        'Die erste Zeile muss die Spalten „Nummer“ und „Titel“ nennen (dazu optional „Öffentlich“, „Beschlussvorschlag“, „Drucksache“).',
        'The first line must name the columns "number" and "title" (optionally "public", "motion", "documentRef").',
      ),
    );
    return finish('csv', [], fileErrors);
  }
  const ids = new Set<string>();
  const numbers = new Map<string, number>();
  const rows = body.map(({ line, fields }) => {
    const raw: Record<string, unknown> = {};
    columns.forEach((key, i) => {
      if (key) raw[key] = fields[i] ?? '';
    });
    const row = toItem(raw, line, ids, numbers);
    if (fields.length > header.fields.length) {
      row.errors.push(msg(`Mehr Felder (${fields.length}) als Spalten (${header.fields.length}).`, `More fields (${fields.length}) than columns (${header.fields.length}).`));
      row.item = null;
    }
    return row;
  });
  return finish('csv', rows, fileErrors);
}

export function previewJson(text: string): AgendaImportPreview {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return finish('json', [], [msg(`Kein gültiges JSON: ${detail}`, `Not valid JSON: ${detail}`)]);
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { agenda?: unknown }).agenda) ? (data as { agenda: unknown[] }).agenda : null;
  if (!list) return finish('json', [], [msg('Erwartet wird eine Liste von Tagesordnungspunkten.', 'Expected a list of agenda items.')]);
  const ids = new Set<string>();
  const numbers = new Map<string, number>();
  const rows = list.map((entry, i) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? toItem(entry as Record<string, unknown>, i + 1, ids, numbers)
      : { line: i + 1, item: null, errors: [msg('Eintrag ist kein Objekt.', 'Entry is not an object.')] },
  );
  return finish('json', rows, []);
}

/** JSON when the text starts with [ or {, else CSV. */
export function previewAgendaImport(text: string): AgendaImportPreview {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  return start === '[' || start === '{' ? previewJson(text) : previewCsv(text);
}
