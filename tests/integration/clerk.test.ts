import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import type { Role } from '../../server/protocol/commands';
import { cardUidFor, memberIdFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/** makeCouncil({ members: 5, seats: 8, legalMembers: 9 }): seats 6 to 8 are free, room for 4 more members with vote. */
let server: ServerProcess;
let dir: string;
const opened: { close(): void }[] = [];

async function client<R extends Role>(role: R, seatId?: number): Promise<RecordingClient<R>> {
  const c = new RecordingClient(role, server, seatId === undefined ? {} : { seatId });
  opened.push(c);
  await c.connected();
  await c.waitFor(() => true, 20_000, `first ${role} view`);
  return c;
}

const FACTIONS_CSV = '\uFEFFKurzname;Name;Farbe\r\nNL;Neue Liste;#123456\r\n';
const MEMBERS_CSV = [
  'Titel;Vorname;Nachname;Fraktion;Stimmrecht;Rolle;Von;Bis;Karte',
  'Dr.;Jörg;Müller;NL;voll;Ratsmitglied;01.01.2026;;',
  ';"Anna-Lena";Schäfer;NL;beratend;Ausschussmitglied;;;04A1B2C3D4E5F6',
].join('\r\n');
const NEW_CARD = '04FFEE0011223344';

beforeAll(async () => {
  dir = tempDir('clerk');
  const seedFile = writeCouncil(dir, { members: 5, seats: 8, legalMembers: 9 });
  server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile });
}, 120_000);

afterAll(async () => {
  if (process.env.SHOW_SERVER_LOG) console.log(server.log);
  for (const c of opened) c.close();
  await server.stop();
});

describe('clerk namespace', () => {
  it('shows the register: members, factions, seats, cards and the profile with defaults', async () => {
    const clerk = await client('clerk');
    const v = clerk.latest;
    expect(v?.members).toHaveLength(5);
    expect(v?.cards.filter((c) => c.status === 'active')).toHaveLength(5);
    expect(v?.seats).toHaveLength(8);
    expect(v?.profile.secretVoteRequest).toEqual({ numerator: 1, denominator: 5, base: 'legal' });
    expect(v?.cardMode).toBeNull();
  });

  it('CSV import: a file with a bad row is previewed with per-row errors and imports nothing', async () => {
    const clerk = await client('clerk');
    const bad = `${MEMBERS_CSV}\r\n;Max;Ohnefraktion;XY;vielleicht;;32.13.2026;;`;
    const preview = ok(await clerk.send('previewImport', { factionsCsv: FACTIONS_CSV, membersCsv: bad }));
    expect(preview.valid).toBe(false);
    expect(preview.members.map((r) => r.errors.length > 0)).toEqual([false, false, true]);
    const errors = preview.members[2]?.errors.map((e) => e.column);
    expect(errors).toEqual(expect.arrayContaining(['Fraktion', 'Stimmrecht', 'Von']));
    expect(preview.members[2]?.line).toBe(4);
    const refused = await clerk.send('importCsv', { factionsCsv: FACTIONS_CSV, membersCsv: bad });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('import-invalid');
    const fresh = await client('clerk');
    expect(fresh.latest?.members).toHaveLength(5);
    expect(fresh.latest?.factions.map((f) => f.shortName)).not.toContain('NL');
  });

  it('CSV import: a valid pair of files is recorded in one go', async () => {
    const clerk = await client('clerk');
    const preview = ok(await clerk.send('previewImport', { factionsCsv: FACTIONS_CSV, membersCsv: MEMBERS_CSV }));
    expect(preview.valid).toBe(true);
    expect(ok(await clerk.send('importCsv', { factionsCsv: FACTIONS_CSV, membersCsv: MEMBERS_CSV }))).toEqual({ factions: 1, members: 2, cards: 1 });
    const v = await clerk.waitFor((x) => x.members.length === 7, 20_000, 'imported members');
    const mueller = v.members.find((m) => m.member.lastName === 'Müller');
    expect(mueller?.member).toMatchObject({ id: 'mueller-joerg', title: 'Dr.', factionId: 'nl', votingRight: 'full', activeFrom: '2026-01-01' });
    const schaefer = v.members.find((m) => m.member.lastName === 'Schäfer');
    expect(schaefer?.member).toMatchObject({ firstName: 'Anna-Lena', votingRight: 'advisory', role: 'committeeMember' });
    expect(schaefer?.cards).toEqual(['04A1B2C3D4E5F6']);
    // importing the same file again is refused as a whole: the faction and the card exist
    const again = await clerk.send('importCsv', { factionsCsv: FACTIONS_CSV, membersCsv: MEMBERS_CSV });
    expect(again.ok).toBe(false);
  });

  it('register card mode: the next card on any reader becomes the member\'s card, not a check-in', async () => {
    const clerk = await client('clerk');
    const chair = await client('chair');
    const seat = await client('seat', 6);
    ok(await clerk.send('startCardMode', { memberId: 'mueller-joerg' }));
    await clerk.waitFor((v) => v.cardMode?.memberId === 'mueller-joerg', 20_000, 'card mode');
    // a second mode while one waits is refused
    const second = await clerk.send('startCardMode', { memberId: memberIdFor(2) });
    expect(second.ok ? 'accepted' : second.error.code).toBe('card-mode-active');
    ok(await seat.send('demoTap', { uid: NEW_CARD }));
    const v = await clerk.waitFor((x) => x.lastCardResult?.uid === NEW_CARD, 20_000, 'card result');
    expect(v.cardMode).toBeNull();
    expect(v.lastCardResult).toMatchObject({ memberId: 'mueller-joerg', ok: true });
    expect(v.members.find((m) => m.member.id === 'mueller-joerg')?.cards).toEqual([NEW_CARD]);
    expect((await chair.waitFor(() => true)).attendance.find((a) => a.member.id === 'mueller-joerg')?.present).toBe(false);
    // taking the card away and laying it down again is a normal login now
    ok(await seat.send('demoRemove', {}));
    ok(await seat.send('demoTap', { uid: NEW_CARD }));
    await seat.waitFor((s) => s.member?.id === 'mueller-joerg', 20_000, 'login with the new card');
    ok(await seat.send('demoRemove', {}));
    await seat.waitFor((s) => s.member === null, 20_000, 'logout');
  });

  it('register card mode refuses a card that belongs to another member, and can be cancelled', async () => {
    const clerk = await client('clerk');
    const seat = await client('seat', 7);
    ok(await clerk.send('startCardMode', { memberId: 'mueller-joerg' }));
    ok(await seat.send('demoTap', { uid: cardUidFor(3) }));
    const v = await clerk.waitFor((x) => x.lastCardResult?.uid === cardUidFor(3), 20_000, 'refusal');
    expect(v.lastCardResult?.ok).toBe(false);
    expect(v.lastCardResult?.message?.de).toContain('bereits');
    expect(v.members.find((m) => m.member.id === 'mueller-joerg')?.cards).toEqual([NEW_CARD]);
    ok(await seat.send('demoRemove', {}));
    ok(await clerk.send('startCardMode', { memberId: 'mueller-joerg' }));
    await clerk.waitFor((x) => x.cardMode !== null, 20_000, 'mode on');
    ok(await clerk.send('cancelCardMode', {}));
    await clerk.waitFor((x) => x.cardMode === null, 20_000, 'mode off');
    const none = await clerk.send('cancelCardMode', {});
    expect(none.ok ? 'accepted' : none.error.code).toBe('card-mode-inactive');
  });

  it('revoking a card logs its member out, and the seat then says "Karte gesperrt"', async () => {
    const clerk = await client('clerk');
    const seat = await client('seat', 2);
    ok(await seat.send('demoTap', { uid: cardUidFor(2) }));
    await seat.waitFor((s) => s.member?.id === memberIdFor(2), 20_000, 'login');
    ok(await clerk.send('revokeCard', { uid: cardUidFor(2), reason: 'Karte verloren' }));
    await seat.waitFor((s) => s.member === null, 20_000, 'logged out');
    const v = await clerk.waitFor((x) => x.cards.some((c) => c.uid === cardUidFor(2) && c.status === 'revoked'), 20_000, 'revoked');
    expect(v.cards.find((c) => c.uid === cardUidFor(2))?.reason).toBe('Karte verloren');
    ok(await seat.send('demoRemove', {}));
    ok(await seat.send('demoTap', { uid: cardUidFor(2) }));
    await seat.waitForNotice('card-revoked', 20_000);
    expect(seat.notices.find((n) => n.code === 'card-revoked')).toMatchObject({ message: { de: expect.stringContaining('Karte gesperrt') as string } });
    ok(await seat.send('demoRemove', {}));
  });

  it('manual attendance, manual ballots (refused in secret votes) and a correction', async () => {
    const clerk = await client('clerk');
    const chair = await client('chair');
    const seat1 = await client('seat', 1);
    ok(await clerk.send('manualCheckIn', { memberId: memberIdFor(2), seatId: 2, reason: 'Karte verloren, Ersatz folgt' }));
    ok(await clerk.send('manualCheckIn', { memberId: memberIdFor(3), seatId: 3 }));
    ok(await seat1.send('demoTap', { uid: cardUidFor(1) }));
    await chair.waitFor((v) => v.attendance.filter((a) => a.present).length === 3, 20_000, 'three present');
    expect(chair.latest?.attendance.find((a) => a.member.id === memberIdFor(2))?.manual).toBe(true);

    const { voteId } = ok(await chair.send('openVote', { itemId: 'top-02', title: 'Namentlich', kind: 'named', majority: { kind: 'simple' } }));
    await clerk.waitFor((v) => v.vote?.summary.id === voteId, 20_000, 'open vote');
    ok(await clerk.send('manualBallot', { voteId, memberId: memberIdFor(2), choice: 'no', reason: 'Tablet an Platz 2 ausgefallen' }));
    ok(await chair.send('manualBallot', { voteId, memberId: memberIdFor(3), choice: 'yes', reason: 'Tablet an Platz 3 ausgefallen' }));
    ok(await seat1.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }));
    const absent = await clerk.send('manualBallot', { voteId, memberId: memberIdFor(4), choice: 'yes', reason: 'x' });
    expect(absent.ok ? 'accepted' : absent.error.code).toBe('member-not-present');
    const rows = (await clerk.waitFor((v) => v.vote?.rows.filter((r) => r.voted).length === 3, 20_000, 'three ballots')).vote?.rows;
    expect(rows?.filter((r) => r.manual).map((r) => r.member.id)).toEqual([memberIdFor(2), memberIdFor(3)]);
    const closed = ok(await chair.send('closeVote', { voteId }));
    expect(closed.result.tally).toEqual({ yes: 2, no: 1, abstain: 0 });

    const secret = ok(await chair.send('openVote', { itemId: 'top-02', title: 'Geheim', kind: 'secret', majority: { kind: 'simple' } }));
    const refused = await clerk.send('manualBallot', { voteId: secret.voteId, memberId: memberIdFor(2), choice: 'yes', reason: 'Tablet ausgefallen' });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('manual-secret-refused');
    ok(await chair.send('cancelVote', { voteId: secret.voteId, reason: 'Test' }));

    ok(await clerk.send('correctResult', { voteId, tally: { yes: 1, no: 2, abstain: 0 }, reason: 'Stimme von Platz 3 falsch erfasst' }));
    const v = await clerk.waitFor((x) => x.history.some((h) => h.summary.id === voteId && h.corrections.length === 1), 20_000, 'correction');
    const entry = v.history.find((h) => h.summary.id === voteId);
    expect(entry?.result?.tally).toEqual({ yes: 2, no: 1, abstain: 0 });
    expect(entry?.corrections[0]).toMatchObject({ tally: { yes: 1, no: 2, abstain: 0 }, passed: false, by: 'clerk' });
    // the chair sees the recorded result and the correction beside it
    const chairEntry = (await chair.waitFor((x) => x.history.some((h) => h.corrections.length === 1), 20_000, 'chair correction')).history.find(
      (h) => h.summary.id === voteId,
    );
    expect(chairEntry?.result?.passed).toBe(true);
    expect(chairEntry?.corrections.map((c) => c.reason)).toEqual(['Stimme von Platz 3 falsch erfasst']);

    ok(await clerk.send('manualCheckOut', { memberId: memberIdFor(3), reason: 'Sitzung verlassen' }));
    await chair.waitFor((x) => x.attendance.find((a) => a.member.id === memberIdFor(3))?.present === false, 20_000, 'checked out');
  });

  it('declarations for the record and notes: malformed ones are refused and change nothing; a withdrawn note stays, marked', async () => {
    const clerk = await client('clerk');
    const before = clerk.latest?.recordNotes.length ?? -1;
    const refused = async (payload: unknown) => {
      const r = await clerk.send('addRecordNote', payload as never);
      return r.ok ? 'accepted' : r.error.code;
    };
    // a declaration needs its member; the clerk's note names none; the wording is bounded
    expect(await refused({ kind: 'declaration', itemId: null, text: 'x' })).toBe('validation-failed');
    expect(await refused({ kind: 'note', itemId: null, memberId: memberIdFor(1), text: 'x' })).toBe('validation-failed');
    expect(await refused({ kind: 'note', itemId: null, text: 'x'.repeat(4001) })).toBe('validation-failed');
    expect(await refused({ kind: 'note', itemId: null, text: '   ' })).toBe('validation-failed');
    expect(await refused({ kind: 'declaration', itemId: 'top-99', memberId: memberIdFor(1), text: 'x' })).toBe('item-unknown');
    expect(await refused({ kind: 'declaration', itemId: null, memberId: 'nobody', text: 'x' })).toBe('member-unknown');
    const chair = await client('chair');
    const byChair = await chair.send('addRecordNote' as never, { kind: 'note', itemId: null, text: 'x' } as never);
    expect(byChair.ok ? 'accepted' : byChair.error.code).toBe('unknown-command');
    expect(clerk.latest?.recordNotes).toHaveLength(before);

    const itemId = clerk.latest?.agenda[0]?.id ?? null;
    const { noteId } = ok(await clerk.send('addRecordNote', { kind: 'declaration', itemId, memberId: memberIdFor(1), text: 'Ich enthalte mich wegen Befangenheit meines Bruders.' }));
    const note = ok(await clerk.send('addRecordNote', { kind: 'note', itemId: null, text: 'Falsch erfasst.' }));
    ok(await clerk.send('withdrawRecordNote', { noteId: note.noteId, reason: 'Irrtum' }));
    const again = await clerk.send('withdrawRecordNote', { noteId: note.noteId, reason: 'Irrtum' });
    expect(again.ok ? 'accepted' : again.error.code).toBe('note-withdrawn');
    const v = await clerk.waitFor((x) => x.recordNotes.some((n) => n.withdrawn !== null), 20_000, 'the withdrawn note');
    expect(v.recordNotes.map((n) => [n.id, n.kind, n.member?.id ?? null, n.withdrawn?.reason ?? null])).toEqual([
      [noteId, 'declaration', memberIdFor(1), null],
      [note.noteId, 'note', null, 'Irrtum'],
    ]);
  });

  it('the log records who entered each manual entry, and the record survives a restart', async () => {
    await server.stop();
    const db = new Database(`${dir}/data/ratssaal.db`, { readonly: true });
    const rows = db.prepare('SELECT actor, type, payload FROM events ORDER BY seq').all() as { actor: string; type: string; payload: string }[];
    db.close();
    const manualBallots = rows.filter((r) => r.type === 'BallotCast' && (JSON.parse(r.payload) as { manual?: unknown }).manual !== undefined);
    expect(manualBallots.map((r) => [JSON.parse(r.actor) as unknown, (JSON.parse(r.payload) as { manual: unknown }).manual])).toEqual([
      [{ kind: 'clerk' }, { by: 'clerk', reason: 'Tablet an Platz 2 ausgefallen' }],
      [{ kind: 'chair' }, { by: 'chair', reason: 'Tablet an Platz 3 ausgefallen' }],
    ]);
    expect(rows.filter((r) => r.type === 'CardRevoked').map((r) => JSON.parse(r.actor) as unknown)).toEqual([{ kind: 'clerk' }]);
    expect(rows.filter((r) => r.type === 'ResultCorrected')).toHaveLength(1);
    await server.restart();
    const clerk = await client('clerk');
    const v = clerk.latest;
    expect(v?.members).toHaveLength(7);
    expect(v?.cards.find((c) => c.uid === cardUidFor(2))?.status).toBe('revoked');
    expect(v?.history.find((h) => h.corrections.length === 1)?.corrections[0]?.reason).toBe('Stimme von Platz 3 falsch erfasst');
    expect(v?.recordNotes.map((n) => [n.kind, n.withdrawn?.reason ?? null])).toEqual([
      ['declaration', null],
      ['note', 'Irrtum'],
    ]);
    expect(rows.filter((r) => r.type === 'RecordNoteAdded').map((r) => JSON.parse(r.actor) as unknown)).toEqual([{ kind: 'clerk' }, { kind: 'clerk' }]);
  });
});
