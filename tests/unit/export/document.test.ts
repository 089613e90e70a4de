/** What the printed minutes say about cases the scripted session does not reach. */
import { describe, expect, it } from 'vitest';
import type { Actor, LoggedEvent } from '../../../server/domain/events';
import { buildDocument, type Block } from '../../../server/export/document';
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
