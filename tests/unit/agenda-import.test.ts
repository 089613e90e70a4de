import { describe, expect, it } from 'vitest';
import { parseCsv, previewAgendaImport } from '../../server/protocol/agenda-import';

describe('agenda import preview', () => {
  it('reads a German CSV with quotes, line breaks and semicolons', () => {
    const csv = [
      'Nummer;Titel;Öffentlich;Beschlussvorschlag;Drucksache',
      '1;Eröffnung;ja;;',
      '1.1;"Haushalt; Teil ""A""";ja;"Der Rat beschließt.',
      'Zweiter Absatz.";DS 2026/001',
      'N 1;Grundstück;nein;;',
    ].join('\r\n');
    const p = previewAgendaImport(csv);
    expect(p.ok).toBe(true);
    expect(p.rows.map((r) => r.item)).toEqual([
      { id: 'top-1', number: '1', title: 'Eröffnung', public: true },
      { id: 'top-1-1', number: '1.1', title: 'Haushalt; Teil "A"', public: true, motion: 'Der Rat beschließt.\r\nZweiter Absatz.', documentRef: 'DS 2026/001' },
      { id: 'top-n-1', number: 'N 1', title: 'Grundstück', public: false },
    ]);
    expect(p.rows.map((r) => r.line)).toEqual([2, 3, 5]);
  });

  it('reports every bad row with its line and is not importable', () => {
    const csv = 'number,title,public\n1,Opening,yes\n,No number,yes\n3,,maybe\n1,Again,no\n';
    const p = previewAgendaImport(csv);
    expect(p.ok).toBe(false);
    expect(p.rows.map((r) => [r.line, r.errors.map((e) => e.en)])).toEqual([
      [2, []],
      [3, ['The number is missing.']],
      [4, ['"maybe" is neither yes nor no (public).', 'The title is missing.']],
      [5, ['The number "1" is already in line 2.']],
    ]);
    expect(p.rows.filter((r) => r.item === null)).toHaveLength(3);
  });

  it.each<[string, string, string]>([
    ['a CSV without the needed columns', 'a;b\n1;2', 'The first line must name'],
    ['broken JSON', '[{"number": 1,', 'Not valid JSON'],
    ['JSON that is no list', '{"x": 1}', 'Expected a list'],
    ['an empty file', '', 'holds no agenda items'],
  ])('refuses %s as a whole', (_name, text, message) => {
    const p = previewAgendaImport(text);
    expect(p.ok).toBe(false);
    expect(p.fileErrors[0]?.en).toContain(message);
  });

  it('reads JSON, also as { agenda: [...] }', () => {
    const p = previewAgendaImport(JSON.stringify({ agenda: [{ number: 2, title: 'B', public: false, documentRef: 'DS 1' }, { number: '3', title: 'C' }] }));
    expect(p.ok).toBe(true);
    expect(p.rows.map((r) => r.item)).toEqual([
      { id: 'top-2', number: '2', title: 'B', public: false, documentRef: 'DS 1' },
      { id: 'top-3', number: '3', title: 'C', public: true },
    ]);
  });

  it('parseCsv keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a;;c\n\n;b;\n', ';')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 3, fields: ['', 'b', ''] },
    ]);
  });
});
