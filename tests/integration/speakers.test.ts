import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardUidFor, makeCouncil, memberIdFor } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

const SEATS = 6;

interface Room {
  server: ServerProcess;
  chair: RecordingClient<'chair'>;
  display: RecordingClient<'display'>;
  seats: RecordingClient<'seat'>[];
}

async function bootRoom(name: string, profile: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<Room> {
  const dir = tempDir(name);
  const council = makeCouncil({ members: SEATS, factions: 2 });
  const seed = join(dir, 'council.json');
  writeFileSync(seed, JSON.stringify({ ...council, profile: { ...council.profile, ...profile } }));
  const server = await ServerProcess.start({ dataDir: join(dir, 'data'), seedFile: seed, env });
  const chair = new RecordingClient('chair', server);
  const display = new RecordingClient('display', server);
  const seats = Array.from({ length: SEATS }, (_, i) => new RecordingClient('seat', server, { seatId: i + 1 }));
  await Promise.all([chair.connected(), display.connected(), ...seats.map((s) => s.connected())]);
  await Promise.all(seats.map(async (s, i) => ok(await s.send('demoTap', { uid: cardUidFor(i + 1) }))));
  await chair.waitFor((v) => v.quorum.present === SEATS, 20_000, 'everyone checked in');
  ok(await chair.send('selectItem', { itemId: 'top-02' }));
  await Promise.all(seats.map((s) => s.waitFor((v) => v.item?.id === 'top-02')));
  return { server, chair, display, seats };
}

async function closeRoom(room: Room | undefined): Promise<void> {
  if (!room) return;
  room.chair.close();
  room.display.close();
  room.seats.forEach((s) => s.close());
  await room.server.stop();
}

const seatOf = (room: Room, n: number) => {
  const s = room.seats[n - 1];
  if (!s) throw new Error(`no seat ${n}`);
  return s;
};

describe('speaker list and session lifecycle over Socket.IO (chair-controlled microphones)', () => {
  let room: Room;
  beforeAll(async () => {
    room = await bootRoom('speakers');
  });
  afterAll(() => closeRoom(room));

  it('opens the session with the server time, seen by the display', async () => {
    const before = Date.now();
    ok(await room.chair.send('openSession', {}));
    const view = await room.display.waitFor((v) => v.lifecycle.status === 'open');
    expect(Date.parse(view.lifecycle.openedAt ?? '')).toBeGreaterThanOrEqual(before - 5_000);
    const again = await room.chair.send('openSession', {});
    expect(again.ok ? 'accepted' : again.error.code).toBe('session-state');
  });

  it('requests, a point of order ahead of the list, and a withdrawal', async () => {
    expect(ok(await seatOf(room, 2).send('requestFloor', { kind: 'ordinary' }))).toEqual({ position: 1 });
    expect(ok(await seatOf(room, 3).send('requestFloor', { kind: 'ordinary' }))).toEqual({ position: 2 });
    expect(ok(await seatOf(room, 5).send('requestFloor', { kind: 'ordinary' }))).toEqual({ position: 3 });
    expect(ok(await seatOf(room, 4).send('requestFloor', { kind: 'point-of-order' }))).toEqual({ position: 1 });
    const twice = await seatOf(room, 2).send('requestFloor', { kind: 'ordinary' });
    expect(twice.ok ? 'accepted' : twice.error.code).toBe('floor-already-requested');
    await seatOf(room, 2).waitFor((v) => v.speakers.mine.length === 1 && v.speakers.mine[0]?.position === 2, 20_000, 'own position 2');
    ok(await seatOf(room, 3).send('withdrawFloorRequest', { kind: 'ordinary' }));
    // wait for the view after the withdrawal: before the point of order the queue had three entries too
    const chairView = await room.chair.waitFor((v) => v.speakers.queue.length === 3 && v.speakers.queue.every((q) => q.member.id !== memberIdFor(3)));
    expect(chairView.speakers.queue.map((q) => [q.member.id, q.kind, q.position])).toEqual([
      [memberIdFor(4), 'point-of-order', 1],
      [memberIdFor(2), 'ordinary', 2],
      [memberIdFor(5), 'ordinary', 3],
    ]);
    // the request lamp of a queued seat is on
    await seatOf(room, 5).waitFor((v) => v.mic?.lamp === 'request', 20_000, 'request lamp');
    const display = await room.display.waitFor((v) => v.speakers.next.length === 3 && v.speakers.next.every((n) => n.member.id !== memberIdFor(3)));
    expect(display.speakers.next.map((n) => n.member.id)).toEqual([memberIdFor(4), memberIdFor(2), memberIdFor(5)]);
  });

  it('in chair-controlled mode a seat cannot open its own mic', async () => {
    const refused = await seatOf(room, 6).send('pressMic', { on: true });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('mic-chair-controlled');
  });

  it('gives the floor in order: the point of order first; the speaker\'s mic opens', async () => {
    expect(ok(await room.chair.send('giveFloor', {}))).toEqual({ memberId: memberIdFor(4) });
    const seat4 = await seatOf(room, 4).waitFor((v) => v.speakers.floor?.member.id === memberIdFor(4) && v.mic?.on === true, 20_000, 'floor + mic');
    expect(seat4.speakers.floor).toMatchObject({ kind: 'point-of-order', limitS: 300 });
    expect(Date.parse(seat4.speakers.floor?.endsAt ?? '') - Date.parse(seat4.speakers.floor?.since ?? '')).toBe(300_000);
    const display = await room.display.waitFor((v) => v.speakers.floor?.member.id === memberIdFor(4));
    expect(display.speakers.floor?.endsAt).toBe(seat4.speakers.floor?.endsAt);

    ok(await room.chair.send('setSpeakingTime', { seconds: 120 }));
    expect(ok(await room.chair.send('giveFloor', {}))).toEqual({ memberId: memberIdFor(2) });
    await seatOf(room, 2).waitFor((v) => v.mic?.on === true && v.speakers.floor?.limitS === 120, 20_000, 'seat 2 speaks');
    await seatOf(room, 4).waitFor((v) => v.mic?.on === false && v.speakers.floor?.member.id === memberIdFor(2), 20_000, 'seat 4 closed');
    ok(await room.chair.send('endFloor', {}));
    const chairView = await room.chair.waitFor((v) => v.speakers.floor === null && v.speakers.stats.members.length === 2);
    expect(chairView.speakers.stats.members.map((m) => [m.member.id, m.count])).toEqual([
      [memberIdFor(2), 1],
      [memberIdFor(4), 1],
    ]);
    expect(chairView.speakers.stats.factions.reduce((n, f) => n + f.count, 0)).toBe(2);
    await seatOf(room, 2).waitFor((v) => v.mic?.on === false, 20_000, 'seat 2 closed');
  });

  it('the chair moves, adds by hand, removes and closes the list', async () => {
    ok(await room.chair.send('addFloorRequest', { memberId: memberIdFor(6), kind: 'ordinary' }));
    ok(await room.chair.send('moveFloorRequest', { memberId: memberIdFor(6), kind: 'ordinary', position: 0 }));
    const view = await room.chair.waitFor((v) => v.speakers.queue[0]?.member.id === memberIdFor(6));
    expect(view.speakers.queue.map((q) => [q.member.id, q.byHand])).toEqual([
      [memberIdFor(6), true],
      [memberIdFor(5), false],
    ]);
    ok(await room.chair.send('removeFloorRequest', { memberId: memberIdFor(5), kind: 'ordinary' }));
    ok(await room.chair.send('closeSpeakerList', {}));
    await room.chair.waitFor((v) => v.speakers.closed && v.speakers.queue.length === 1);
    const refused = await seatOf(room, 3).send('requestFloor', { kind: 'ordinary' });
    expect(refused.ok ? 'accepted' : refused.error.message.de).toBe('Die Redeliste ist geschlossen.');
    expect(ok(await seatOf(room, 3).send('requestFloor', { kind: 'point-of-order' }))).toEqual({ position: 1 });
    ok(await room.chair.send('reopenSpeakerList', {}));
    await room.display.waitFor((v) => !v.speakers.closed && v.speakers.next.length === 2);
  });

  it('a non-public item hides the speakers from the display, not from the seats', async () => {
    ok(await room.chair.send('selectItem', { itemId: 'top-n1' }));
    ok(await seatOf(room, 2).send('requestFloor', { kind: 'ordinary' }));
    ok(await room.chair.send('giveFloor', {}));
    await seatOf(room, 2).waitFor((v) => v.speakers.floor?.member.id === memberIdFor(2));
    const display = await room.display.waitFor((v) => v.nonPublic);
    await room.chair.waitFor((v) => v.speakers.floor?.member.id === memberIdFor(2));
    expect(room.display.latest?.speakers).toEqual({ floor: null, next: [], closed: false });
    expect(display.item).toBeNull();
  });

  it('interrupts with a reason and resumes; nothing happens meanwhile; then closes', async () => {
    ok(await room.chair.send('interruptSession', { reason: 'Technische Störung' }));
    const view = await room.display.waitFor((v) => v.lifecycle.status === 'interrupted');
    expect(view.lifecycle.interruption?.reason).toBe('Technische Störung');
    // the speech ended with the interruption
    await room.chair.waitFor((v) => v.speakers.floor === null);
    const refused = await seatOf(room, 5).send('requestFloor', { kind: 'ordinary' });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('session-interrupted');
    ok(await room.chair.send('resumeSession', {}));
    ok(await room.chair.send('closeSession', {}));
    const closed = await room.chair.waitFor((v) => v.lifecycle.status === 'closed');
    expect(closed.lifecycle.interruptions).toHaveLength(1);
    expect(closed.lifecycle.interruptions[0]?.to).not.toBeNull();
    expect(Date.parse(closed.lifecycle.closedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(closed.lifecycle.openedAt ?? ''));
  });
});

describe('speaking time runs out with the council setting "mute"', () => {
  let room: Room;
  beforeAll(async () => {
    room = await bootRoom('speakers-mute', { speakingTimeAtZero: 'mute' });
  });
  afterAll(() => closeRoom(room));

  it('closes the speaker\'s mic at zero while the floor stays given', async () => {
    ok(await room.chair.send('setSpeakingTime', { seconds: 2 }));
    ok(await room.chair.send('giveFloor', { memberId: memberIdFor(3) }));
    const speaking = await seatOf(room, 3).waitFor((v) => v.mic?.on === true, 20_000, 'mic open');
    expect(speaking.speakers.floor?.atZero).toBe('mute');
    const muted = await seatOf(room, 3).waitFor((v) => v.mic?.on === false, 20_000, 'mic closed at zero');
    expect(muted.speakers.floor?.member.id).toBe(memberIdFor(3));
    expect(Date.parse(muted.serverTime)).toBeGreaterThanOrEqual(Date.parse(muted.speakers.floor?.endsAt ?? ''));
  });
});

describe('free microphones with at most two open, the chair\'s mic has priority', () => {
  let room: Room;
  beforeAll(async () => {
    room = await bootRoom('speakers-free', {}, { RATSSAAL_MIC_MODE: 'free', RATSSAAL_MIC_MAX_OPEN: '2' });
  });
  afterAll(() => closeRoom(room));

  it('opens on the talk button up to the maximum and drops the press beyond it', async () => {
    expect(ok(await seatOf(room, 2).send('pressMic', { on: true }))).toEqual({ on: true, lamp: 'off' });
    expect(ok(await seatOf(room, 3).send('pressMic', { on: true }))).toEqual({ on: true, lamp: 'off' });
    expect(ok(await seatOf(room, 4).send('pressMic', { on: true }))).toEqual({ on: false, lamp: 'off' });
    ok(await room.chair.send('chairMic', { on: true }));
    const view = await room.chair.waitFor((v) => v.mics?.units.find((u) => u.seatId === 1)?.on === true);
    expect(view.mics?.mode).toBe('free');
    expect(view.mics?.units.filter((u) => u.on).map((u) => u.seatId)).toEqual([1, 2, 3]);
    ok(await seatOf(room, 2).send('pressMic', { on: false }));
    expect(ok(await seatOf(room, 4).send('pressMic', { on: true }))).toEqual({ on: true, lamp: 'off' });
    await seatOf(room, 2).waitFor((v) => v.mic?.on === false);
  });
});

describe('agenda editing over Socket.IO', () => {
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  beforeAll(async () => {
    const dir = tempDir('agenda');
    const seed = join(dir, 'council.json');
    writeFileSync(seed, JSON.stringify(makeCouncil({ members: 4, factions: 2 })));
    server = await ServerProcess.start({ dataDir: join(dir, 'data'), seedFile: seed });
    chair = new RecordingClient('chair', server);
    await chair.connected();
  });
  afterAll(async () => {
    chair?.close();
    await server?.stop();
  });

  it('imports all or nothing, then adds, changes, moves and removes items; each survives a restart', async () => {
    const bad = await chair.send('importAgenda', {
      items: [
        { id: 'top-a', number: '1', title: 'A', public: true },
        { id: 'top-b', number: '1', title: 'B', public: true },
      ],
    });
    expect(bad.ok ? 'accepted' : bad.error.code).toBe('agenda-number-taken');
    expect(ok(await chair.send('importAgenda', { items: [{ id: 'top-a', number: '1', title: 'A', public: true }, { id: 'top-b', number: '2', title: 'B', public: false }] }))).toEqual({ count: 2 });
    const { itemId } = ok(await chair.send('addAgendaItem', { item: { number: '1.1', title: 'Anfrage', public: true }, position: 1 }));
    ok(await chair.send('changeAgendaItem', { item: { id: itemId, number: '1.1', title: 'Anfrage der Fraktion', public: true, documentRef: 'DS 9' } }));
    ok(await chair.send('moveAgendaItem', { itemId: 'top-b', position: 0 }));
    ok(await chair.send('removeAgendaItem', { itemId: 'top-a' }));
    const expected = [
      { id: 'top-b', number: '2', title: 'B', public: false },
      { id: itemId, number: '1.1', title: 'Anfrage der Fraktion', public: true, documentRef: 'DS 9' },
    ];
    await chair.waitFor((v) => JSON.stringify(v.agenda) === JSON.stringify(expected), 20_000, 'edited agenda');
    ok(await chair.send('selectItem', { itemId }));
    const inUse = await chair.send('removeAgendaItem', { itemId });
    expect(inUse.ok ? 'accepted' : inUse.error.message.de).toMatch(/kann nicht gestrichen werden/);
    await server.stop();
    await server.restart();
    const after = await chair.waitFor((v) => v.currentItemId === itemId && v.agenda.length === 2, 60_000, 'agenda after restart');
    expect(after.agenda).toEqual(expected);
  });
});
