/** What the printed minutes say about cases the scripted session does not reach. */
import { describe, expect, it } from 'vitest';
import type { Actor, LoggedEvent } from '../../../server/domain/events';
import { renderCsvElections } from '../../../server/export/csv';
import { buildDocument, type Block } from '../../../server/export/document';
import { oparlOf } from '../../../server/export/oparl';
import { parseCsv } from '../../helpers/read-exports';
import { DEFAULT_TIME_ZONE } from '../../../server/export/format';
import { buildMinutes, type LogEntry } from '../../../server/export/minutes';
import { register } from '../domain/fixtures';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 12, 16, minute)).toISOString();
function log(...rows: [number, Actor, LoggedEvent | { type: string; [k: string]: unknown }][]): LogEntry[] {
  return [[0, { kind: 'system' }, { type: 'RegisterLoaded', register: register() }] as const, ...rows].map(([minute, actor, event], i) => ({
    seq: i + 1,
    at: at(minute),
    actor,
    event: event as LoggedEvent,
    hash: 'ab'.repeat(32),
  }));
}
const text = (blocks: Block[]) =>
  blocks
    .map((b) => {
      switch (b.kind) {
        case 'title':
          return `${b.text} ${b.subtitle}`;
        case 'heading':
        case 'para':
          return b.text;
        case 'fields':
          return b.rows.map((r) => r.join(' ')).join(' ');
        case 'table':
          return [b.columns.map((c) => c.header), ...b.rows].map((r) => r.join(' | ')).join(' / ');
        case 'signatures':
          return `${b.placeDate} ${b.lines.join(' ')}`;
      }
    })
    .join('\n');

const CLERK: Actor = { kind: 'clerk' };
const CHAIR: Actor = { kind: 'chair' };
const OPEN: LoggedEvent = { type: 'VoteOpened', voteId: 'v1', itemId: 'top-3', title: 'Verkauf', kind: 'secret', majority: { kind: 'twoThirdsLegal' } };

describe('buildDocument', () => {
  const doc = buildDocument(
    buildMinutes(
      log(
        [1, CLERK, { type: 'CheckedIn', memberId: 'gruen-2', seatId: 3, cardUid: null }],
        [2, CHAIR, { type: 'ItemSelected', itemId: 'top-3' }],
        [3, CHAIR, OPEN],
        [4, { kind: 'seat', seatId: 3 }, { type: 'SecretBallotCast', voteId: 'v1', memberId: 'gruen-2', seatId: 3, key: 'k-aaaaaaaa' }],
        [5, CLERK, { type: 'CheckedOut', memberId: 'gruen-2', seatId: 3, reason: 'manual' }],
        [6, CHAIR, { type: 'FromANewerVersion', reason: 'Pause' }],
      ),
    ),
    { timeZone: DEFAULT_TIME_ZONE },
  );
  const t = text(doc.blocks);

  it('marks attendance entered by hand', () => {
    expect(t).toContain('Claudia Dreier | GL | voll | 17:01–17:05 Uhr (Platz P 3) – Anmeldung von Hand, Abmeldung von Hand');
    expect(t).toContain('von Hand erfasst');
    expect(t).toContain('Dr. Ute Albers (fraktionslos), Bernd Brinkmann (GL)');
  });

  it('gives a vote still running no result, and says so', () => {
    expect(t).toContain('Art Geheime Abstimmung Erforderliche Mehrheit Zwei Drittel der gesetzlichen Mitgliederzahl Geöffnet 17:03 Uhr');
    expect(t).toContain('Die Abstimmung lief bei Ende der Aufzeichnung noch; ein Ergebnis liegt nicht vor.');
    expect(t).not.toContain('Stimmen Ja');
  });

  it('lists log entries it cannot render instead of hiding them', () => {
    expect(t).toContain('Das Ereignisprotokoll enthält Einträge, die diese Fassung der Niederschrift nicht darstellt: FromANewerVersion (1).');
  });

  it('says when no lack of quorum was recorded, and marks items not called', () => {
    expect(t).toContain('Eine Beschlussunfähigkeit wurde nicht festgestellt.');
    expect(t).toContain('TOP 1: Haushaltssatzung 2026\nAufgerufen nicht aufgerufen');
    expect(t).toContain(`SHA-256 ${'ab'.repeat(32)}`);
  });
});

describe('buildDocument: the voting procedure', () => {
  const candidates = [
    { id: 'c1', name: 'Anna Albers', memberId: null, factionId: null },
    { id: 'c2', name: 'Bernd Brinkmann', memberId: null, factionId: null },
    { id: 'c3', name: 'Carla Conrad', memberId: null, factionId: null },
  ];
  const minutes = buildMinutes(
    log(
      [1, CHAIR, { type: 'ItemSelected', itemId: 'top-1' }],
      [2, CHAIR, { type: 'VoteKindRequestDecided', itemId: 'top-1', kind: 'secret', supporters: 1, required: 2, faction: null, met: false }],
      [3, CHAIR, { type: 'VoteOpened', voteId: 'v1', itemId: 'top-1', title: 'Vorlage', kind: 'open', majority: { kind: 'simple' } }],
      [4, CHAIR, { type: 'VoteInterrupted', voteId: 'v1', reason: 'Ruhestörung' }],
      [5, CHAIR, { type: 'VoteResumed', voteId: 'v1' }],
      [6, CHAIR, { type: 'VoteCancelled', voteId: 'v1', reason: 'Gerät ausgefallen' }],
      [6, CHAIR, { type: 'VoteOpened', voteId: 'v2', itemId: 'top-1', title: 'Vorlage', kind: 'open', majority: { kind: 'simple' } }],
      [6, CHAIR, { type: 'VoteRepeated', voteId: 'v2', repeatOf: 'v1', reason: 'Gerät ausgefallen' }],
      [7, CHAIR, { type: 'ElectionPrepared', electionId: 'e1', itemId: 'top-1', title: 'Stellv. Bürgermeister', mode: 'persons', seats: 1, method: null, candidates, allowNo: true, allowAbstain: true }],
      [8, CHAIR, { type: 'ElectionObjected', electionId: 'e1', memberId: 'gruen-1', seatId: 2 }],
      [9, CHAIR, { type: 'ElectionRoundOpened', electionId: 'e1', round: 1, runoff: false, secret: true, candidates: ['c1', 'c2', 'c3'], options: ['c1', 'c2', 'c3', 'no', 'abstain'] }],
      [
        12,
        CHAIR,
        {
          type: 'ElectionRoundClosed',
          electionId: 'e1',
          round: 1,
          participants: 6,
          outcome: { mode: 'persons', result: { counts: { c1: 2, c2: 2, c3: 1, no: 0, abstain: 1 }, valid: 5, abstentions: 1, needed: 3, decision: { kind: 'runoff', candidates: ['c1', 'c2'] } } },
        },
      ],
      [13, CHAIR, { type: 'ElectionRoundOpened', electionId: 'e1', round: 2, runoff: true, secret: true, candidates: ['c1', 'c2'], options: ['c1', 'c2', 'abstain'] }],
      [
        15,
        CHAIR,
        {
          type: 'ElectionRoundClosed',
          electionId: 'e1',
          round: 2,
          participants: 6,
          outcome: { mode: 'persons', result: { counts: { c1: 3, c2: 3, abstain: 0 }, valid: 6, abstentions: 0, needed: null, decision: { kind: 'lot', candidates: ['c1', 'c2'] } } },
        },
      ],
      [17, CHAIR, { type: 'FloorRequested', itemId: 'top-1', memberId: 'gruen-1', kind: 'point-of-order', byHand: false }],
      [17, CHAIR, { type: 'FloorGiven', itemId: 'top-1', memberId: 'gruen-1', kind: 'point-of-order', limitS: 300 }],
      [19, CHAIR, { type: 'FloorEnded', itemId: 'top-1', memberId: 'gruen-1', reason: 'chair' }],
      [20, CHAIR, { type: 'AgendaItemAdded', item: { id: 'top-9', number: '9', title: 'Dringlichkeitsantrag', public: true }, position: 0 }],
      [16, CHAIR, { type: 'ElectionLotDrawn', electionId: 'e1', round: 2, method: 'system', tied: ['c1', 'c2'], seatsLeft: 1, randomValue: '0f'.repeat(32), winners: ['c2'] }],
      [21, CLERK, { type: 'RecordNoteAdded', noteId: 'n1', itemId: 'top-1', kind: 'declaration', memberId: 'gruen-1', text: 'Ich stimme nur unter Vorbehalt zu.' }],
      [22, CLERK, { type: 'RecordNoteAdded', noteId: 'n2', itemId: 'top-1', kind: 'note', memberId: null, text: 'Versehentlich erfasst.' }],
      [23, CLERK, { type: 'RecordNoteWithdrawn', noteId: 'n2', reason: 'doppelt' }],
      [24, CLERK, { type: 'RecordNoteAdded', noteId: 'n3', itemId: null, kind: 'note', memberId: null, text: 'Die Sitzung wurde im Livestream übertragen.' }],
    ),
  );
  const t = text(buildDocument(minutes, { timeZone: DEFAULT_TIME_ZONE }).blocks);

  it('renders every procedure event it knows, and none is left over', () => {
    expect(minutes.otherEvents).toEqual([]);
  });

  it('records who had the floor, and an item added to the agenda during the session', () => {
    expect(t).toMatch(/Wortmeldungen: [^\n]+ 17:17 Uhr–17:19 Uhr, zur Geschäftsordnung\./);
    expect(minutes.items[0]?.title).toBe('Dringlichkeitsantrag');
  });

  it('records the finding on a request, and an interrupted, cancelled and repeated vote with reasons', () => {
    expect(t).toContain('Antrag auf geheime Abstimmung (17:02 Uhr): 1 Unterstützende, erforderlich 2 – Quorum nicht erreicht.');
    expect(t).toContain('Unterbrochen 17:04 Uhr–17:05 Uhr (Ruhestörung)');
    expect(t).toContain('Wiederholung der abgebrochenen Abstimmung – Grund: Gerät ausgefallen');
  });

  it('records each election round with counts and decision, the objection and the lot with its random value', () => {
    expect(t).toContain('Wahl: Stellv. Bürgermeister');
    expect(t).toContain('Widerspruch gegen offene Wahl 1 – daher geheime Wahl');
    expect(t).toContain('Wahlgang 1 (geheim, 17:09 Uhr–17:12 Uhr): 6 Teilnehmende; Anna Albers 2 · Bernd Brinkmann 2 · Carla Conrad 1 · Nein 0 · Enthaltung 1 – Stichwahl zwischen Anna Albers, Bernd Brinkmann.');
    expect(t).toContain('Losentscheid zwischen Anna Albers, Bernd Brinkmann');
    expect(t).toContain(`im System gezogen, Zufallswert ${'0f'.repeat(32)}) zwischen Anna Albers, Bernd Brinkmann: Bernd Brinkmann.`);
  });

  it('prints declarations for the record under their item word for word, a withdrawn note with when and why, and notes on the session at the end', () => {
    expect(t).toMatch(/Erklärung zu Protokoll von [^,]+ \([^)]+\), 17:21 Uhr: „Ich stimme nur unter Vorbehalt zu\.“/);
    expect(t).toContain('Vermerk der Schriftführung, 17:22 Uhr: „Versehentlich erfasst.“ – Zurückgenommen um 17:23 Uhr. Grund: doppelt.');
    expect(t).toContain('Erklärungen und Vermerke zur Sitzung');
    expect(t).toContain('Vermerk der Schriftführung, 17:24 Uhr: „Die Sitzung wurde im Livestream übertragen.“');
    const top1 = minutes.items.find((i) => i.id === 'top-1');
    expect(top1?.notes.map((n) => [n.id, n.withdrawn?.reason ?? null])).toEqual([
      ['n1', null],
      ['n2', 'doppelt'],
    ]);
    expect(minutes.sessionNotes.map((n) => n.id)).toEqual(['n3']);
    const oparl = oparlOf(minutes, { baseUrl: 'https://rat.example/oparl' }) as { meeting: { agendaItem: Record<string, unknown>[]; 'ratssaal:sessionNotes': unknown[] } };
    const notes = oparl.meeting.agendaItem.flatMap((a) => a['ratssaal:notes'] as { id: string; person: string | null }[]);
    expect(notes.map((n) => [n.id, n.person])).toEqual([
      ['n1', 'https://rat.example/oparl/person/gruen-1'],
      ['n2', null],
    ]);
    expect(oparl.meeting['ratssaal:sessionNotes']).toHaveLength(1);
  });

  it('exports the election rounds as CSV, a row per round and nomination, an open round as one row without counts', () => {
    const withOpenRound = structuredClone(minutes);
    const election = withOpenRound.items.flatMap((i) => i.elections)[0]!;
    election.rounds.push({ round: 3, runoff: false, secret: false, openedAt: at(21), closedAt: null, participants: 0, counts: {}, decision: null });
    const { bom, rows } = parseCsv(renderCsvElections(withOpenRound, { timeZone: DEFAULT_TIME_ZONE }));
    expect(bom).toBe(true);
    expect(rows[0]).toEqual([
      'TOP', 'Tagesordnungspunkt', 'Öffentlich', 'Wahl', 'Art', 'Zu besetzen', 'Wahlgang', 'Stichwahl', 'Geheim', 'Geöffnet',
      'Geschlossen', 'Abgegeben', 'Vorschlag', 'Stimmen', 'Entscheidung', 'Abbruchgrund', 'Wahl-ID',
    ]);
    const body = rows.slice(1).filter((r) => r.length > 1);
    // round 1: three candidates, "no" and "abstain"; the runoff: two and "abstain"; round 3: open
    expect(body.map((r) => [r[6], r[7], r[12], r[13]])).toEqual([
      ['1', 'nein', 'Anna Albers', '2'],
      ['1', 'nein', 'Bernd Brinkmann', '2'],
      ['1', 'nein', 'Carla Conrad', '1'],
      ['1', 'nein', 'Nein', '0'],
      ['1', 'nein', 'Enthaltung', '1'],
      ['2', 'ja', 'Anna Albers', '3'],
      ['2', 'ja', 'Bernd Brinkmann', '3'],
      ['2', 'ja', 'Enthaltung', '0'],
      ['3', 'nein', '', ''],
    ]);
    expect(body[0]?.slice(3, 6)).toEqual(['Stellv. Bürgermeister', 'Wahl von Personen', '1']);
    expect(body[0]?.slice(8, 12)).toEqual(['ja', '12.03.2026 17:09', '12.03.2026 17:12', '6']);
    expect(body[0]?.[14]).toBe('Stichwahl zwischen Anna Albers, Bernd Brinkmann');
    expect(body[5]?.[14]).toBe('Losentscheid zwischen Anna Albers, Bernd Brinkmann');
    expect(body[8]?.slice(10, 12)).toEqual(['', '']);
    expect(new Set(body.map((r) => r[16]))).toEqual(new Set(['e1']));
  });

  it('carries the elections in the OParl export, counts only of closed rounds', () => {
    const withOpenRound = structuredClone(minutes);
    withOpenRound.items.flatMap((i) => i.elections)[0]!.rounds.push({ round: 3, runoff: false, secret: true, openedAt: at(21), closedAt: null, participants: 4, counts: { c1: 1 }, decision: null });
    const oparl = oparlOf(withOpenRound, { baseUrl: 'https://rat.example/oparl' }) as { meeting: { agendaItem: Record<string, unknown>[] } };
    const elections = oparl.meeting.agendaItem.flatMap((a) => a['ratssaal:elections'] as { title: string; rounds: { round: number; counts: unknown; participants: unknown; decision: unknown }[]; lots: unknown[] }[]);
    expect(elections.map((e) => e.title)).toEqual(['Stellv. Bürgermeister']);
    expect(elections[0]?.rounds).toEqual([
      { round: 1, runoff: false, secret: true, openedAt: at(9), closedAt: at(12), participants: 6, counts: { c1: 2, c2: 2, c3: 1, no: 0, abstain: 1 }, decision: 'Stichwahl zwischen Anna Albers, Bernd Brinkmann' },
      expect.objectContaining({ round: 2, counts: { c1: 3, c2: 3, abstain: 0 }, decision: 'Losentscheid zwischen Anna Albers, Bernd Brinkmann' }),
      { round: 3, runoff: false, secret: true, openedAt: at(21), closedAt: null, participants: null, counts: null, decision: null },
    ]);
    expect(elections[0]?.lots).toHaveLength(1);
  });
});
