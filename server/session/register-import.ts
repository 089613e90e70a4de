import { decide, DomainError, type CouncilState } from '../domain';
import type { ImportPreview, ImportRowError } from '../protocol/clerk';
import { CardUid } from '../protocol/common';
import { errorPayload } from '../protocol/errors';
import { Faction, Member, type MemberRole } from '../protocol/register';
import type { VotingRight } from '../protocol/common';

/**
 * CSV import of factions and members, in the shape councils keep in spreadsheets (README,
 * "CSV-Import"). Separator ";" (German Excel) or ",", detected from the header; UTF-8 with or
 * without BOM; quotes as in RFC 4180. Headers are German (English accepted), in any order.
 */

type Text = { de: string; en: string };
const t = (de: string, en: string): Text => ({ de, en });

/** Splits CSV text into rows of fields. Quoted fields may hold separators, quotes ("") and line breaks. */
export function parseCsv(text: string): { rows: { line: number; fields: string[] }[]; error: Text | null } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < src.length; i += 1) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === sep) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i += 1;
      fields.push(field);
      rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      line += 1;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) return { rows, error: t(`Zeile ${rowLine}: Anführungszeichen nicht geschlossen.`, `Line ${rowLine}: unclosed quote.`) };
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return { rows: rows.filter((r) => r.fields.some((f) => f.trim() !== '')), error: null };
}

const FACTION_COLUMNS = {
  shortName: ['kurzname', 'kurzbezeichnung', 'short name', 'shortname'],
  name: ['name', 'fraktion', 'bezeichnung'],
  color: ['farbe', 'color', 'colour'],
  id: ['id', 'kennung'],
} as const;

const MEMBER_COLUMNS = {
  id: ['id', 'kennung'],
  title: ['titel', 'title'],
  firstName: ['vorname', 'first name', 'firstname'],
  lastName: ['nachname', 'name', 'last name', 'lastname'],
  faction: ['fraktion', 'faction'],
  votingRight: ['stimmrecht', 'voting right', 'votingright'],
  role: ['rolle', 'funktion', 'role'],
  activeFrom: ['von', 'mitglied seit', 'active from', 'from'],
  activeUntil: ['bis', 'mitglied bis', 'active until', 'until'],
  card: ['karte', 'karten-uid', 'card', 'card uid'],
} as const;

const REQUIRED_FACTION = ['shortName', 'name', 'color'] as const;
const REQUIRED_MEMBER = ['firstName', 'lastName'] as const;

const VOTING_RIGHT: Readonly<Record<string, VotingRight>> = {
  voll: 'full', ja: 'full', full: 'full', stimmberechtigt: 'full',
  beratend: 'advisory', advisory: 'advisory',
  kein: 'none', keins: 'none', nein: 'none', none: 'none',
};
const ROLE: Readonly<Record<string, MemberRole>> = {
  'bürgermeister': 'mayor', 'bürgermeisterin': 'mayor', 'bürgermeister/in': 'mayor', mayor: 'mayor',
  ratsmitglied: 'member', mitglied: 'member', member: 'member',
  ausschussmitglied: 'committeeMember', 'sachkundige bürgerin': 'committeeMember', 'sachkundiger bürger': 'committeeMember',
  'committee member': 'committeeMember',
  verwaltung: 'officer', officer: 'officer',
};

type Columns<K extends string> = Partial<Record<K, number>>;

function mapHeader<K extends string>(
  header: string[],
  names: Readonly<Record<K, readonly string[]>>,
): { columns: Columns<K>; unknown: string[] } {
  const columns: Columns<K> = {};
  const unknown: string[] = [];
  header.forEach((raw, index) => {
    const h = raw.trim().toLowerCase();
    const key = (Object.keys(names) as K[]).find((k) => names[k].includes(h) && columns[k] === undefined);
    if (key === undefined) unknown.push(raw.trim());
    else columns[key] = index;
  });
  return { columns, unknown };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A stable id from a name: lower-case ASCII, umlauts spelled out. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function date(value: string): string | null {
  const v = value.trim();
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  const iso = m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
  // a real calendar day: 31.02. and 32.13. are typing errors
  if (iso === null) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base || 'x';
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function zodErrors(issues: readonly { path: PropertyKey[]; message: string }[]): ImportRowError[] {
  return issues.map((i) => ({ column: i.path.map(String).join('.') || null, message: t(`Ungültiger Wert: ${i.message}`, `Invalid value: ${i.message}`) }));
}

export interface ImportInput {
  factionsCsv?: string | undefined;
  membersCsv?: string | undefined;
}

export interface ImportPlan {
  preview: ImportPreview;
  command: { type: 'importRegister'; factions: Faction[]; members: Member[]; cards: { uid: string; memberId: string }[] };
}

/**
 * Checks both files against each other and the register, and asks the domain whether the
 * import would be accepted as a whole. Records nothing.
 */
export function planImport(state: CouncilState, input: ImportInput): ImportPlan {
  const preview: ImportPreview = { factions: [], members: [], fileErrors: [], valid: false };
  const command: ImportPlan['command'] = { type: 'importRegister', factions: [], members: [], cards: [] };
  const factionByShort = new Map<string, string>();
  for (const f of state.factions.values()) factionByShort.set(f.shortName.toLowerCase(), f.id);
  const factionIds = new Set(state.factions.keys());

  if (input.factionsCsv?.trim()) {
    const { rows, error } = parseCsv(input.factionsCsv);
    if (error) preview.fileErrors.push({ file: 'factions', message: error });
    const [header, ...body] = rows;
    const { columns, unknown } = mapHeader(header?.fields ?? [], FACTION_COLUMNS);
    const missing = REQUIRED_FACTION.filter((k) => columns[k] === undefined);
    if (missing.length > 0 || unknown.length > 0) {
      preview.fileErrors.push({
        file: 'factions',
        message: t(
          `Kopfzeile: ${missing.length ? `es fehlen ${missing.map((k) => capital(FACTION_COLUMNS[k][0])).join(', ')}` : ''}${unknown.length ? ` unbekannte Spalten ${unknown.join(', ')}` : ''}`.trim(),
          `Header: ${missing.length ? `missing ${missing.map((k) => capital(FACTION_COLUMNS[k][0])).join(', ')}` : ''}${unknown.length ? ` unknown columns ${unknown.join(', ')}` : ''}`.trim(),
        ),
      });
    } else {
      for (const row of body) {
        const cell = (k: keyof typeof FACTION_COLUMNS) => (columns[k] === undefined ? '' : (row.fields[columns[k]] ?? '').trim());
        const errors: ImportRowError[] = [];
        const shortName = cell('shortName');
        const color = cell('color').replace(/^([0-9a-fA-F]{6})$/, '#$1');
        const id = cell('id') || uniqueId(slug(shortName), new Set(factionIds));
        const parsed = Faction.safeParse({ id, name: cell('name'), shortName, color });
        if (!parsed.success) errors.push(...zodErrors(parsed.error.issues));
        if (factionByShort.has(shortName.toLowerCase())) {
          errors.push({ column: 'Kurzname', message: t(`Die Fraktion ${shortName} gibt es bereits.`, `Faction ${shortName} already exists.`) });
        }
        if (factionIds.has(id)) errors.push({ column: 'ID', message: t(`Die Kennung ${id} ist vergeben.`, `The id ${id} is taken.`) });
        const faction = parsed.success ? parsed.data : null;
        if (faction && errors.length === 0) {
          factionByShort.set(shortName.toLowerCase(), faction.id);
          factionIds.add(faction.id);
          command.factions.push(faction);
        }
        preview.factions.push({ line: row.line, faction, errors });
      }
    }
  }

  if (input.membersCsv?.trim()) {
    const { rows, error } = parseCsv(input.membersCsv);
    if (error) preview.fileErrors.push({ file: 'members', message: error });
    const [header, ...body] = rows;
    const { columns, unknown } = mapHeader(header?.fields ?? [], MEMBER_COLUMNS);
    const missing = REQUIRED_MEMBER.filter((k) => columns[k] === undefined);
    if (missing.length > 0 || unknown.length > 0) {
      preview.fileErrors.push({
        file: 'members',
        message: t(
          `Kopfzeile: ${missing.length ? `es fehlen ${missing.map((k) => capital(MEMBER_COLUMNS[k][0])).join(', ')}` : ''}${unknown.length ? ` unbekannte Spalten ${unknown.join(', ')}` : ''}`.trim(),
          `Header: ${missing.length ? `missing ${missing.map((k) => capital(MEMBER_COLUMNS[k][0])).join(', ')}` : ''}${unknown.length ? ` unknown columns ${unknown.join(', ')}` : ''}`.trim(),
        ),
      });
    } else {
      const memberIds = new Set(state.members.keys());
      const cardsInFile = new Map<string, number>();
      for (const row of body) {
        const cell = (k: keyof typeof MEMBER_COLUMNS) => (columns[k] === undefined ? '' : (row.fields[columns[k]] ?? '').trim());
        const errors: ImportRowError[] = [];
        const factionCell = cell('faction');
        let factionId: string | null = null;
        if (factionCell !== '' && factionCell !== '-' && factionCell.toLowerCase() !== 'fraktionslos') {
          factionId = factionByShort.get(factionCell.toLowerCase()) ?? null;
          if (factionId === null) errors.push({ column: 'Fraktion', message: t(`Unbekannte Fraktion ${factionCell}.`, `Unknown faction ${factionCell}.`) });
        }
        const vr = cell('votingRight').toLowerCase();
        const votingRight = vr === '' ? 'full' : VOTING_RIGHT[vr];
        if (!votingRight) errors.push({ column: 'Stimmrecht', message: t(`Stimmrecht „${vr}“: erlaubt sind voll, beratend, kein.`, `Voting right "${vr}": use voll, beratend or kein.`) });
        const rl = cell('role').toLowerCase();
        const role = rl === '' ? 'member' : ROLE[rl];
        if (!role) errors.push({ column: 'Rolle', message: t(`Rolle „${rl}“: erlaubt sind Bürgermeister/in, Ratsmitglied, Ausschussmitglied, Verwaltung.`, `Role "${rl}": use Bürgermeister/in, Ratsmitglied, Ausschussmitglied or Verwaltung.`) });
        const period: { activeFrom?: string; activeUntil?: string } = {};
        for (const [key, column] of [['activeFrom', 'Von'], ['activeUntil', 'Bis']] as const) {
          const raw = cell(key);
          if (raw === '') continue;
          const d = date(raw);
          if (d) period[key] = d;
          else errors.push({ column, message: t(`Datum „${raw}“: bitte TT.MM.JJJJ.`, `Date "${raw}": use DD.MM.YYYY.`) });
        }
        const idCell = cell('id');
        if (idCell !== '' && memberIds.has(idCell)) errors.push({ column: 'ID', message: t(`Die Kennung ${idCell} ist vergeben.`, `The id ${idCell} is taken.`) });
        const id = idCell || uniqueId(slug(`${cell('lastName')}-${cell('firstName')}`), new Set(memberIds));
        const title = cell('title');
        const parsed = Member.safeParse({
          id,
          ...(title ? { title } : {}),
          firstName: cell('firstName'),
          lastName: cell('lastName'),
          factionId,
          votingRight: votingRight ?? 'full',
          role: role ?? 'member',
          ...period,
        });
        if (!parsed.success) errors.push(...zodErrors(parsed.error.issues));
        let card: string | null = null;
        const cardCell = cell('card');
        if (cardCell !== '') {
          const uid = CardUid.safeParse(cardCell);
          if (!uid.success) errors.push({ column: 'Karte', message: t(`Karten-UID „${cardCell}“: 4 bis 10 Byte hexadezimal.`, `Card UID "${cardCell}": 4 to 10 bytes of hex.`) });
          else if (cardsInFile.has(uid.data)) {
            errors.push({ column: 'Karte', message: t(`Karte schon in Zeile ${cardsInFile.get(uid.data)}.`, `Card already on line ${cardsInFile.get(uid.data)}.`) });
          } else {
            card = uid.data;
            cardsInFile.set(uid.data, row.line);
            const owner = state.cards.get(uid.data);
            if (owner !== undefined) errors.push({ column: 'Karte', message: t(`Karte gehört bereits ${owner}.`, `Card already belongs to ${owner}.`) });
            if (state.revokedCards.has(uid.data)) errors.push({ column: 'Karte', message: t('Karte ist gesperrt.', 'Card is revoked.') });
          }
        }
        const member = parsed.success ? parsed.data : null;
        if (member && errors.length === 0) {
          memberIds.add(member.id);
          command.members.push(member);
          if (card) command.cards.push({ uid: card, memberId: member.id });
        }
        preview.members.push({ line: row.line, member, card, errors });
      }
    }
  }

  const rowErrors = [...preview.factions, ...preview.members].filter((r) => r.errors.length > 0).length;
  if (rowErrors === 0 && preview.fileErrors.length === 0) {
    try {
      decide(state, command);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      preview.fileErrors.push({ file: 'import', message: errorPayload(err.code, err.params).message });
    }
  }
  preview.valid = rowErrors === 0 && preview.fileErrors.length === 0;
  return { preview, command };
}
