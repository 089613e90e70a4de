import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, decide, emptyState, type CouncilState } from '../../server/domain';
import { Register } from '../../server/protocol/register';
import { parseCsv, planImport, slug } from '../../server/session/register-import';
import { REPO_ROOT } from '../helpers/server-process';

const read = (file: string) => readFileSync(join(REPO_ROOT, 'seeds', file), 'utf8');

function demoState(): CouncilState {
  const state = emptyState();
  const register = Register.parse(JSON.parse(read('demo-council.json')));
  apply(state, { type: 'RegisterLoaded', register }, { seq: 1, at: '2026-12-03T16:00:00.000Z' });
  return state;
}

describe('parseCsv', () => {
  it.each([
    { name: 'semicolons, CRLF, BOM', text: '\uFEFFa;b\r\n1;2\r\n', rows: [['a', 'b'], ['1', '2']] },
    { name: 'commas when the header has more of them', text: 'a,b,c;d\n1,2,3;4', rows: [['a', 'b', 'c;d'], ['1', '2', '3;4']] },
    { name: 'quoted separator, quote and line break', text: 'a;b\n"x;y";"say ""hi""\nthere"', rows: [['a', 'b'], ['x;y', 'say "hi"\nthere']] },
    { name: 'blank lines are skipped', text: 'a;b\n\n1;2\n;\n', rows: [['a', 'b'], ['1', '2']] },
  ])('$name', ({ text, rows }) => {
    const parsed = parseCsv(text);
    expect(parsed.error).toBeNull();
    expect(parsed.rows.map((r) => r.fields)).toEqual(rows);
  });

  it('counts lines across quoted line breaks, and reports an unclosed quote', () => {
    expect(parseCsv('a\n"x\ny"\nz').rows.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(parseCsv('a\n"x').error?.de).toContain('Zeile 2');
  });
});

describe('slug', () => {
  it.each([
    ['Müller-Jörg', 'mueller-joerg'],
    ['Weiß, Straße', 'weiss-strasse'],
    ['  Élodie  Noël ', 'elodie-noel'],
  ])('%s -> %s', (input, out) => expect(slug(input)).toBe(out));
});

describe('planImport', () => {
  it('the example files in seeds/ parse without row errors; the demo council first needs a larger legal number', () => {
    const state = demoState();
    const input = { factionsCsv: read('fraktionen-beispiel.csv'), membersCsv: read('mitglieder-beispiel.csv') };
    const first = planImport(state, input);
    expect([...first.preview.factions, ...first.preview.members].flatMap((r) => r.errors)).toEqual([]);
    expect(first.preview.fileErrors.map((e) => e.file)).toEqual(['import']);
    expect(first.preview.fileErrors[0]?.message.de).toContain('gesetzliche Mitgliederzahl');
    expect(first.preview.valid).toBe(false);

    for (const e of decide(state, { type: 'setLegalMembers', legalMembers: 47 })) apply(state, e, { seq: 2, at: '2026-12-03T16:01:00.000Z' });
    const second = planImport(state, input);
    expect(second.preview.valid).toBe(true);
    expect(second.command.factions.map((f) => [f.id, f.name])).toEqual([
      ['wgo', 'Wählergruppe Ost'],
      ['fwm', 'Freie Wähler Musterhausen; Liste 7'],
    ]);
    expect(second.command.members.map((m) => [m.id, m.factionId, m.votingRight, m.role, m.activeFrom, m.activeUntil])).toEqual([
      ['brandt-lotte', 'wgo', 'full', 'member', '2026-11-01', undefined],
      ['kamp-ole', 'wgo', 'full', 'member', undefined, undefined],
      ['schaefer-anna-lena', 'f-bbl', 'advisory', 'committeeMember', undefined, '2031-10-31'],
      ['koch-m', null, 'none', 'officer', undefined, undefined],
    ]);
    expect(second.command.cards).toEqual([{ uid: '04A1B2C3D4E5F6', memberId: 'kamp-ole' }]);
  });

  it.each([
    { name: 'unknown faction', row: 'Max;Muster;XYZ;voll;;;', column: 'Fraktion' },
    { name: 'unknown voting right', row: 'Max;Muster;;vielleicht;;;', column: 'Stimmrecht' },
    { name: 'unknown role', row: 'Max;Muster;;voll;Kaiser;;', column: 'Rolle' },
    { name: 'impossible date', row: 'Max;Muster;;voll;;31.02.2026;', column: 'Von' },
    { name: 'bad card UID', row: 'Max;Muster;;voll;;;XYZ', column: 'Karte' },
    { name: 'card of another member', row: 'Max;Muster;;voll;;;04570C8B32191F', column: 'Karte' },
    { name: 'missing last name', row: 'Max;;;voll;;;', column: 'lastName' },
  ])('a row with $name is reported with its line and column', ({ row, column }) => {
    const state = demoState();
    const existingCard = [...state.cards.keys()][0] ?? '';
    const text = `Vorname;Nachname;Fraktion;Stimmrecht;Rolle;Von;Karte\nAnna;Gut;;beratend;;;\n${row.replace('04570C8B32191F', existingCard)}`;
    const { preview, command } = planImport(state, { membersCsv: text });
    expect(preview.valid).toBe(false);
    expect(preview.members[0]?.errors).toEqual([]);
    expect(preview.members[1]?.line).toBe(3);
    expect(preview.members[1]?.errors.map((e) => e.column)).toContain(column);
    expect(command.members.map((m) => m.id)).toEqual(['gut-anna']);
  });

  it('a header with an unknown or missing column is a file error', () => {
    const { preview } = planImport(demoState(), { membersCsv: 'Vorname;Geburtstag\nMax;1.1.1970' });
    expect(preview.valid).toBe(false);
    expect(preview.fileErrors[0]?.message.de).toMatch(/Nachname.*Geburtstag/);
  });

  it('two new members with the same name get distinct ids', () => {
    const { command } = planImport(demoState(), { membersCsv: 'Vorname;Nachname;Stimmrecht\nMax;Muster;beratend\nMax;Muster;beratend' });
    expect(command.members.map((m) => m.id)).toEqual(['muster-max', 'muster-max-2']);
  });
});
