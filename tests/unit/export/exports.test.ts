/**
 * Golden-content tests of every export, made from a session recorded through the real session
 * service (tests/helpers/scripted-session.ts), read back the way a consumer reads them.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportSession, minutesOf, readSessionRecord, type SessionRecord } from '../../../server/export';
import { SessionExport } from '../../../server/export/json';
import { chainHash, GENESIS_HASH } from '../../../server/store/event-store';
import { docxContent, parseCsv, pdfText } from '../../helpers/read-exports';
import { recordScriptedSession, type ScriptedSession } from '../../helpers/scripted-session';

let session: ScriptedSession;
let record: SessionRecord;
let finalHash: string;
const NOW = new Date('2026-03-13T08:00:00.000Z');

beforeAll(async () => {
  session = await recordScriptedSession();
  record = readSessionRecord(session.dir);
  finalHash = record.events.at(-1)?.hash ?? '';
}, 60_000);
afterAll(() => rmSync(session.dir, { recursive: true, force: true }));

/** Collapses whitespace: PDF line breaks fall where the layout puts them. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('PDF Niederschrift', { timeout: 60_000 }, () => {
  let text: string;
  let pages: number;
  beforeAll(async () => {
    const file = await exportSession(record, 'pdf', { now: NOW });
    expect(file.contentType).toBe('application/pdf');
    expect(file.filename).toBe('2026-03-12-rat-niederschrift.pdf');
    expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
    ({ text, pages } = await pdfText(file.body));
    text = flat(text);
  }, 60_000);

  it('has the header with body, place, date and times in German form', () => {
    expect(text).toContain('Niederschrift');
    expect(text).toContain('über die 5. Sitzung des Rates – Rat der Gemeinde Teststadt');
    expect(text).toContain('Ort Ratssaal, Markt 1');
    expect(text).toContain('Datum Donnerstag, 12. März 2026');
    expect(text).toContain('Beginn 16:59 Uhr (erste Aufzeichnung)');
    expect(text).toContain('Ende 17:39 Uhr (letzte Aufzeichnung)');
    expect(text).toContain('Gesetzliche Mitgliederzahl 7');
  });

  it('lists attendance with times, late arrival and early leaving', () => {
    expect(text).toContain('Anwesend waren 7 von 7 Mitgliedern');
    expect(text).toMatch(/Bernd Brinkmann GL voll 17:00–17:26 Uhr \(Platz P 2\) 17:30–Ende \(Platz P 2\)/);
    expect(text).toMatch(/Eva Fuchs BB voll 17:12–17:39 Uhr \(Platz P 5\) später gekommen \(17:12 Uhr\)/);
    expect(text).toMatch(/Claudia Dreier GL voll 17:01–17:27 Uhr \(Platz P 3\) früher gegangen \(17:27 Uhr, Karte entnommen\)/);
    expect(text).toMatch(/Gabriele Hansen SL beratend/);
  });

  it('records the lack of quorum and its end', () => {
    expect(text).toContain(
      'Um 17:29 Uhr während TOP 2 stellte der Vorsitz die Beschlussunfähigkeit fest: 3 stimmberechtigte Mitglieder anwesend, beschlussfähig ab 4. Die Beschlussfähigkeit wurde um 17:31 Uhr wieder festgestellt (4 stimmberechtigte Mitglieder anwesend).',
    );
  });

  it('has each vote with kind, majority rule, counts, result and the faction table', () => {
    expect(text).toContain('TOP 1: Haushaltssatzung 2026');
    expect(text).toContain('Beschlussvorschlag Der Rat beschließt die Haushaltssatzung.');
    expect(text).toMatch(/Abstimmung 1: Haushaltssatzung 2026 Art Offene Abstimmung Erforderliche Mehrheit Einfache Mehrheit Geöffnet 17:06 Uhr Geschlossen 17:11 Uhr Stimmen Ja 2 · Nein 1 · Enthaltung 1/);
    expect(text).toContain('Ergebnis angenommen');
    expect(text).toMatch(/Fraktion Ja Nein Enthaltung GL 1 1 0 SL 0 0 1 fraktionslos 1 0 0/);
  });

  it('shows the cancelled vote with its reason', () => {
    expect(text).toContain('Abstimmung 2: Änderungsantrag der Grünen Liste');
    expect(text).toContain('Antrag Die Mittel für Radwege werden um 50.000 € erhöht.');
    expect(text).toContain('Abgebrochen 17:16 Uhr Grund Störung der Abstimmungsanlage an Platz P 5');
    expect(text).toContain('Die Abstimmung wurde abgebrochen und nicht gewertet (2 Stimmen waren abgegeben).');
  });

  it('names the member excluded for bias and lists each member of the named vote', () => {
    expect(text).toContain('Wegen Befangenheit ausgeschlossen: Dieter Ebert (BB) ab 17:18 Uhr – Eigentümer eines Grundstücks im Plangebiet.');
    expect(text).toMatch(/Namentliche Abstimmung Erforderliche Mehrheit Zwei Drittel der abgegebenen Stimmen/);
    expect(text).toMatch(/Name Fraktion Stimme Vermerk Dr\. Ute Albers fraktionslos Ja Bernd Brinkmann GL Ja Claudia Dreier GL Ja Eva Fuchs BB Nein Frank Gerling SL Ja/);
    expect(text).not.toMatch(/Dieter Ebert BB (Ja|Nein|Enthaltung)/);
  });

  it('gives the secret vote its counts only, and marks the non-public item', () => {
    expect(text).toContain('TOP N 1: Grundstücksverkauf Flur 7 (nichtöffentlich)');
    expect(text).toMatch(/Geheime Abstimmung Erforderliche Mehrheit Mehrheit der gesetzlichen Mitgliederzahl .*Stimmen Ja 3 · Nein 1 · Enthaltung 0 .*Ergebnis abgelehnt/);
  });

  it('carries the final hash of the log and signature lines for chair and clerk', () => {
    expect(text).toContain(`Einträge ${record.events.length}`);
    expect(text).toContain(`Letzter Eintrag Nr. ${record.events.length}, 12. März 2026, 17:39 Uhr`);
    expect(text.replace(/ /g, '')).toContain(`SHA-256${finalHash}`);
    expect(text).toMatch(/Vorsitz Schriftführung/);
    expect(text).toContain(`Seite 1 von ${pages}`);
    expect(text).toContain(`Seite ${pages} von ${pages}`);
  });
});

describe('DOCX draft', { timeout: 60_000 }, () => {
  it('holds the same content as the PDF, as editable paragraphs and tables', async () => {
    const file = await exportSession(record, 'docx');
    expect(file.filename).toBe('2026-03-12-rat-niederschrift-entwurf.docx');
    const { files, xml, styles, text, footer } = await docxContent(file.body);
    expect(files).toContain('word/document.xml');
    expect(styles).toContain('<w:lang w:val="de-DE"/>');
    expect(xml).toContain('<w:tblHeader/>');
    const t = flat(text);
    expect(t).toContain('Niederschrift');
    expect(t).toContain('Datum Donnerstag, 12. März 2026');
    expect(t).toContain('Eva Fuchs BB voll 17:12–17:39 Uhr (Platz P 5) später gekommen (17:12 Uhr)');
    expect(t).toContain('Abgebrochen 17:16 Uhr Grund Störung der Abstimmungsanlage an Platz P 5');
    expect(t).toContain('Wegen Befangenheit ausgeschlossen: Dieter Ebert (BB)');
    expect(t).toContain('Name Fraktion Stimme Vermerk Dr. Ute Albers fraktionslos Ja Bernd Brinkmann GL Ja');
    expect(t).toContain('Stimmen Ja 3 · Nein 1 · Enthaltung 0');
    expect(t).toContain(`SHA-256 ${finalHash}`);
    expect(t).toContain('Vorsitz');
    expect(t).toContain('Schriftführung');
    expect(footer).toContain('Seite');
    expect(footer).toContain(finalHash.slice(0, 16));
  });
});

describe('CSV', { timeout: 60_000 }, () => {
  it('has one row per vote, UTF-8 with BOM, ";" separated', async () => {
    const file = await exportSession(record, 'csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { bom, rows } = parseCsv(file.body);
    expect(bom).toBe(true);
    const [header, ...votes] = rows;
    expect(header?.slice(0, 12)).toEqual(['TOP', 'Tagesordnungspunkt', 'Öffentlich', 'Abstimmung', 'Art', 'Mehrheit', 'Status', 'Geöffnet', 'Geschlossen', 'Ja', 'Nein', 'Enthaltung']);
    expect(votes.map((r) => [r[0], r[6], r[9], r[10], r[11], r[17], r.at(-1)])).toEqual([
      ['1', 'abgeschlossen', '2', '1', '1', 'angenommen', 'v-open'],
      ['1', 'abgebrochen', '', '', '', '', 'v-cancel'],
      ['2', 'abgeschlossen', '4', '1', '0', 'angenommen', 'v-named'],
      ['N 1', 'abgeschlossen', '3', '1', '0', 'abgelehnt', 'v-secret'],
    ]);
    expect(votes[0]?.[7]).toBe('12.03.2026 17:06');
    expect(votes[1]?.[18]).toBe('Störung der Abstimmungsanlage an Platz P 5');
  });

  it('has one row per member and named vote', async () => {
    const { rows } = parseCsv((await exportSession(record, 'csv-named')).body);
    expect(rows[0]).toEqual(['TOP', 'Abstimmung', 'Abstimmungs-ID', 'Mitglieds-ID', 'Name', 'Fraktion', 'Stimme', 'Von Hand erfasst']);
    expect(rows.slice(1).map((r) => [r[2], r[4], r[5], r[6]])).toEqual([
      ['v-named', 'Dr. Ute Albers', '', 'Ja'],
      ['v-named', 'Bernd Brinkmann', 'GL', 'Ja'],
      ['v-named', 'Claudia Dreier', 'GL', 'Ja'],
      ['v-named', 'Eva Fuchs', 'BB', 'Nein'],
      ['v-named', 'Frank Gerling', 'SL', 'Ja'],
    ]);
  });
});

describe('JSON', { timeout: 60_000 }, () => {
  it('is the whole session in the versioned schema, and its events re-hash to the chain', async () => {
    const file = await exportSession(record, 'json', { now: NOW });
    const parsed = SessionExport.parse(JSON.parse(file.body.toString('utf8')));
    expect(parsed.format).toBe('ratssaal-session/1');
    expect(parsed.exportedAt).toBe(NOW.toISOString());
    expect(parsed.minutes).toEqual(minutesOf(record));
    expect(parsed.minutes.log.finalHash).toBe(finalHash);
    // anyone can check the exported log without our code: the hash of each event from its fields
    let prev = GENESIS_HASH;
    for (const e of parsed.events) {
      expect(e.prevHash).toBe(prev);
      expect(chainHash(prev, e.seq, e.at, JSON.stringify(e.actor), e.type, JSON.stringify(e.data))).toBe(e.hash);
      prev = e.hash;
    }
    expect(prev).toBe(finalHash);
  });

  it('holds no secret choice', async () => {
    const parsed = SessionExport.parse(JSON.parse((await exportSession(record, 'json')).body.toString('utf8')));
    const secret = parsed.events.filter((e) => e.data.voteId === 'v-secret' && e.type !== 'VoteClosed' && e.type !== 'VoteOpened');
    expect(secret.length).toBe(4);
    for (const e of secret) {
      expect(e.type).toBe('SecretBallotCast');
      expect(e.data).not.toHaveProperty('choice');
    }
    expect(parsed.minutes.items.flatMap((i) => i.votes).find((v) => v.id === 'v-secret')).toMatchObject({ named: null, result: { byFaction: null }, urnMatches: true });
  });
});

describe('OParl', { timeout: 60_000 }, () => {
  it('is a Meeting with AgendaItems, Persons, Organizations and Memberships, votes in the ratssaal: extension', async () => {
    const file = await exportSession(record, 'oparl', { oparlBaseUrl: 'https://ris.example/oparl/' });
    const o = JSON.parse(file.body.toString('utf8')) as {
      meeting: Record<string, unknown> & { agendaItem: Record<string, unknown>[] };
      person: Record<string, unknown>[];
      organization: Record<string, unknown>[];
      membership: Record<string, unknown>[];
    };
    expect(o.meeting.type).toBe('https://schema.oparl.org/1.1/Meeting');
    expect(o.meeting.id).toBe('https://ris.example/oparl/meeting/2026-03-12-rat');
    expect(o.meeting.name).toBe('5. Sitzung des Rates');
    expect(o.meeting['ratssaal:logFinalHash']).toBe(finalHash);
    expect(o.meeting.agendaItem.map((a) => [a.type, a.number, a.public, a.result ?? null])).toEqual([
      ['https://schema.oparl.org/1.1/AgendaItem', '1', true, 'angenommen'],
      ['https://schema.oparl.org/1.1/AgendaItem', '2', true, 'angenommen'],
      ['https://schema.oparl.org/1.1/AgendaItem', 'N 1', false, 'abgelehnt'],
    ]);
    const named = (o.meeting.agendaItem[1]?.['ratssaal:votes'] as { kind: string; result: { yes: number }; named: { person: string; choice: string }[] }[])[0];
    expect(named?.kind).toBe('named');
    expect(named?.result.yes).toBe(4);
    expect(named?.named).toContainEqual({ person: 'https://ris.example/oparl/person/buerger-2', choice: 'no', manual: false });
    expect(o.person.every((p) => p.type === 'https://schema.oparl.org/1.1/Person')).toBe(true);
    expect(o.person.find((p) => p.id === 'https://ris.example/oparl/person/mayor')).toMatchObject({ familyName: 'Albers', givenName: 'Ute', title: ['Dr.'] });
    expect(o.organization.map((x) => [x.organizationType, x.name])).toEqual([
      ['Gremium', 'Rat der Gemeinde Teststadt'],
      ['Fraktion', 'Grüne Liste'],
      ['Fraktion', 'Bürgerbündnis'],
      ['Fraktion', 'Soziale Liste'],
    ]);
    expect(o.membership.find((x) => x.person === 'https://ris.example/oparl/person/advisor' && x.organization === 'https://ris.example/oparl/organization/testrat')).toMatchObject({ votingRight: false });
    // every reference points to an object in the file
    const ids = new Set([...o.person, ...o.organization, ...o.membership].map((x) => x.id));
    for (const ms of o.membership) {
      expect(ids.has(ms.person)).toBe(true);
      expect(ids.has(ms.organization)).toBe(true);
    }
  });
});

describe('refusals', () => {
  it('refuses a session id the log does not record', async () => {
    await expect(exportSession(record, 'csv', { sessionId: 'other' })).rejects.toThrow('not "other"');
  });
});

describe('npm run export', { timeout: 60_000 }, () => {
  it('writes the chosen format from a data folder, and refuses bad arguments and other sessions', async () => {
    const { runExportCli } = await import('../../../server/export/cli');
    const out = `${session.dir}/votes.csv`;
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.join(' '));
    });
    try {
      expect(await runExportCli(['--format', 'csv', '--out', out], { RATSSAAL_DATA: session.dir })).toBe(0);
      expect(parseCsv(readFileSync(out)).rows).toHaveLength(5);
      expect(await runExportCli(['--format', 'csv', '--out', out, '--session', '2026-03-12-rat', '--data', session.dbPath], {})).toBe(0);
      expect(await runExportCli(['--format', 'xls', '--out', out], { RATSSAAL_DATA: session.dir })).toBe(2);
      expect(await runExportCli(['--format', 'pdf', '--out', out, '--session', 'other'], { RATSSAAL_DATA: session.dir })).toBe(1);
      expect(await runExportCli(['--format', 'pdf', '--out', out], { RATSSAAL_DATA: `${session.dir}/missing` })).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('\n')).toContain('this log records session "2026-03-12-rat", not "other"');
    expect(errors.join('\n')).toContain('no such file or folder');
  });
});
