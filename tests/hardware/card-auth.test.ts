import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardKeyFor } from '../../drivers/card-readers/card-auth';
import type { ChairView, SeatView } from '../../server/protocol/views';
import type { CouncilProfile } from '../../server/protocol/register';
import { readLog } from '../../server/store/log-reader';
import { cardUidFor, makeCouncil, memberIdFor } from '../helpers/council';
import { ok, RecordingClient } from '../helpers/server-process';
import { HardwareBench } from './harness/bench';
import { ATR_ISO14443_4 } from './virtual-card';

/**
 * Cloning-resistant cards on the real PC/SC stack: pcscd with vpcd readers, virtual NTAG 424 DNA
 * cards that answer AuthenticateEV2First with their own diversified AES key, nfc-pcsc and the
 * challenge in the server. The council requires challenge-response; the clerk switches it off
 * for the control case.
 */

const MASTER = randomBytes(16);
const OTHER_MASTER = randomBytes(16);
/** A key rotation is under way: cards that still carry this key are accepted and named in the log. */
const PREVIOUS_MASTER = randomBytes(16);
const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const keyOf = (member: number) => hex(cardKeyFor(MASTER, cardUidFor(member)));

const register = makeCouncil({ members: 10 });
register.profile = { ...register.profile, cardAuthentication: 'challenge-response' };

/** Reader i is seat i + 1; the test uses readers 0 to 5. */
const READERS = 6;
const seatOf = (reader: number) => reader + 1;

let bench: HardwareBench;
let chair: RecordingClient<'chair'>;
let clerk: RecordingClient<'clerk'>;
const seats = new Map<number, RecordingClient<'seat'>>();
/** Extra time the challenge adds per tap, as the card saw it: GET DATA (UID) to the last APDU. */
const challengeMs: number[] = [];
/** The gaps between the four APDUs of a genuine tap: UID -> SELECT, SELECT -> part 1, part 1 -> part 2. */
const gapsMs: [number[], number[], number[]] = [[], [], []];

const memberAt = (reader: number, member: number | null, what: string) =>
  seats.get(seatOf(reader))!.waitFor((v: SeatView) => (v.member?.id ?? null) === (member === null ? null : memberIdFor(member)), 30_000, what);

async function setPolicy(cardAuthentication: CouncilProfile['cardAuthentication']): Promise<void> {
  const view = await clerk.waitFor((v) => v.profile !== undefined, 30_000, 'clerk view');
  ok(await clerk.send('updateProfile', { profile: { ...view.profile, cardAuthentication } }));
  await clerk.waitFor((v) => v.profile.cardAuthentication === cardAuthentication, 30_000, `policy ${cardAuthentication}`);
}

function failuresInLog(): { seatId: number | null; uid: string; memberId: string | null }[] {
  return readLog(join(bench.dir, 'data'))
    .events.map((e) => e.event)
    .flatMap((e) => (e.type === 'CardAuthenticationFailed' ? [{ seatId: e.seatId, uid: e.uid, memberId: e.memberId }] : []));
}

/** Takes a genuine card off and notes how long its challenge took on the card's side. */
async function removeGenuine(reader: number): Promise<string[]> {
  const { apdus, apduTimes } = await bench.removeTimed(reader);
  expect(apdus.slice(0, 4)).toEqual(['FFCA000000', '00A4040C07D276000085010100', '9071000002000000', expect.stringMatching(/^90AF000020[0-9A-F]{64}00$/) as unknown]);
  challengeMs.push(apduTimes[3]! - apduTimes[0]!);
  for (let i = 0; i < 3; i++) gapsMs[i]!.push(apduTimes[i + 1]! - apduTimes[i]!);
  return apdus;
}

beforeAll(async () => {
  bench = await HardwareBench.start({
    register,
    readerSeats: new Map(Array.from({ length: READERS }, (_, i) => [i, seatOf(i)])),
    cardMasterKey: hex(MASTER),
    previousCardMasterKey: hex(PREVIOUS_MASTER),
  });
  for (let i = 0; i < READERS; i++) {
    const c = new RecordingClient('seat', bench, { seatId: seatOf(i) });
    seats.set(seatOf(i), c);
    await c.connected();
  }
  chair = new RecordingClient('chair', bench);
  clerk = new RecordingClient('clerk', bench);
  await Promise.all([chair.connected(), clerk.connected()]);
  await Promise.all(Array.from({ length: READERS }, (_, i) => seats.get(seatOf(i))!.waitFor((v) => v.reader === 'connected', 30_000, `reader ${i}`)));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`server log:\n${await bench.serverLog()}`);
});

afterAll(async () => {
  for (const c of [...seats.values(), chair, clerk]) c?.close();
  await bench?.stop();
  if (challengeMs.length > 0) {
    const sorted = [...challengeMs].sort((a, b) => a - b);
    const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
    console.log(
      `challenge-response on the card's side (GET DATA to AuthenticateEV2First part 2), ${sorted.length} taps: ` +
        `mean ${mean.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
    );
    const meanOf = (xs: number[]) => (xs.reduce((s, x) => s + x, 0) / xs.length).toFixed(1);
    console.log(`mean gaps: GET DATA -> SELECT ${meanOf(gapsMs[0])} ms, SELECT -> part 1 ${meanOf(gapsMs[1])} ms, part 1 -> part 2 ${meanOf(gapsMs[2])} ms`);
  }
});

describe('cloning-resistant cards through the real pcscd', () => {
  it('a genuine card (its diversified AES key) logs in with challenge-response required', async () => {
    await bench.insert(0, cardUidFor(1), ATR_ISO14443_4, { aesKey: keyOf(1) });
    await memberAt(0, 1, 'member 1 in with a genuine card');
    await removeGenuine(0);
    await memberAt(0, null, 'member 1 out');
  });

  it('a clone with the same UID but another key is refused at the seat, and the attempt is in the log and on the chair', async () => {
    const seat = seats.get(seatOf(1))!;
    await bench.insert(1, cardUidFor(2), ATR_ISO14443_4, { aesKey: hex(cardKeyFor(OTHER_MASTER, cardUidFor(2))) });
    await seat.waitForNotice('card-not-genuine', 30_000);
    const view = await chair.waitFor((v: ChairView) => (v.cardAlerts ?? []).some((a) => a.uid === cardUidFor(2)), 30_000, 'card alert');
    expect(view.cardAlerts?.[0]).toMatchObject({ seatId: seatOf(1), uid: cardUidFor(2), member: { id: memberIdFor(2) }, purpose: 'login' });
    expect(seat.latest?.member).toBeNull();
    expect(view.attendance.find((a) => a.member.id === memberIdFor(2))?.present).toBe(false);
    expect(failuresInLog()).toContainEqual({ seatId: seatOf(1), uid: cardUidFor(2), memberId: memberIdFor(2) });
    // the clone was asked the real questions and failed the second
    const apdus = await bench.remove(1);
    expect(apdus.slice(0, 3)).toEqual(['FFCA000000', '00A4040C07D276000085010100', '9071000002000000']);
  });

  it('a clone without the AES application (a copied UID, MIFARE Classic style) is refused and logged', async () => {
    const seat = seats.get(seatOf(2))!;
    await bench.insert(2, cardUidFor(3));
    await seat.waitForNotice('card-not-genuine', 30_000);
    await chair.waitFor((v: ChairView) => (v.cardAlerts ?? []).some((a) => a.uid === cardUidFor(3)), 30_000, 'card alert');
    expect(seat.latest?.member).toBeNull();
    expect(failuresInLog()).toContainEqual({ seatId: seatOf(2), uid: cardUidFor(3), memberId: memberIdFor(3) });
    expect(await bench.remove(2)).toEqual(['FFCA000000', '00A4040C07D276000085010100']);
  });

  it('control: with the option off the same clone is accepted (so the refusal above is the policy, not a broken reader)', async () => {
    await setPolicy('uid');
    try {
      await bench.insert(3, cardUidFor(4));
      await memberAt(3, 4, 'member 4 in with a UID-only card');
      await bench.remove(3);
      await memberAt(3, null, 'member 4 out');
    } finally {
      await setPolicy('challenge-response');
    }
    const seat = seats.get(seatOf(3))!;
    const before = failuresInLog().length;
    await bench.insert(3, cardUidFor(4));
    await seat.waitForNotice('card-not-genuine', 30_000);
    await bench.remove(3);
    await chair.waitFor((v: ChairView) => (v.cardAlerts ?? []).filter((a) => a.uid === cardUidFor(4)).length === 1, 30_000, 'alert for member 4');
    expect(failuresInLog().length).toBe(before + 1);
  });

  it('during a key rotation a card that still carries the previous key logs in, and the server names it for re-personalisation', async () => {
    await bench.insert(4, cardUidFor(5), ATR_ISO14443_4, { aesKey: hex(cardKeyFor(PREVIOUS_MASTER, cardUidFor(5))) });
    await memberAt(4, 5, 'member 5 in with a card on the previous key');
    const apdus = await bench.remove(4);
    await memberAt(4, null, 'member 5 out');
    // first the current key's challenge (refused), then the previous key's from SELECT on
    expect(apdus.filter((a) => a === '00A4040C07D276000085010100')).toHaveLength(2);
    expect(await bench.serverLog()).toContain(`card ${cardUidFor(5)} still carries the previous key – re-personalise it`);
    expect(failuresInLog().some((f) => f.uid === cardUidFor(5))).toBe(false);
    // the clerk's register lists the card to re-personalise ...
    const listed = await clerk.waitFor((v) => (v.cardRotation?.cards ?? []).some((c) => c.uid === cardUidFor(5)), 30_000, 'card on the previous key at the clerk');
    expect(listed.cardRotation!.cards).toHaveLength(1);
    // ... until it proves the current key (re-personalised)
    await bench.insert(4, cardUidFor(5), ATR_ISO14443_4, { aesKey: keyOf(5) });
    await memberAt(4, 5, 'member 5 in with the re-personalised card');
    await clerk.waitFor((v) => v.cardRotation !== null && v.cardRotation !== undefined && v.cardRotation.cards.length === 0, 30_000, 'list emptied');
    await removeGenuine(4);
    await memberAt(4, null, 'member 5 out again');
  });

  it("during a key rotation the clerk renews a card's key at a reader of the server; the card stays its member's", async () => {
    const uid = cardUidFor(6);
    ok(await clerk.send('startCardMode', { memberId: memberIdFor(6) }));
    await clerk.waitFor((v) => v.cardMode?.phase === 'waiting', 30_000, 'card mode');
    await bench.insert(5, uid, ATR_ISO14443_4, { aesKey: hex(cardKeyFor(PREVIOUS_MASTER, uid)) });
    const done = await clerk.waitFor((v) => v.lastCardResult?.uid === uid, 30_000, 'card result');
    expect(done.lastCardResult).toMatchObject({ ok: true, personalised: true, registered: false, message: null });
    expect(done.cards.filter((c) => c.uid === uid)).toMatchObject([{ memberId: memberIdFor(6), status: 'active' }]);
    const { apdus, aesKey } = await bench.removeCard(5);
    expect(apdus.filter((a) => a.startsWith('90C4'))).toHaveLength(1);
    expect(aesKey).toBe(keyOf(6));
    // it proved the current key: off the rotation list
    await clerk.waitFor((v) => !(v.cardRotation?.cards ?? []).some((c) => c.uid === uid), 30_000, 'not on the rotation list');
    await bench.insert(5, uid, ATR_ISO14443_4, { aesKey: keyOf(6) });
    await memberAt(5, 6, 'member 6 in with the renewed card');
    await removeGenuine(5);
    await memberAt(5, null, 'member 6 out');
  });

  it('a card pulled away in the middle of the challenge does not wedge the reader: the next genuine card logs in', async () => {
    const warnings = () => bench.serverLog().then((log) => (log.match(/left during the challenge/g) ?? []).length);
    const before = await warnings();
    await bench.insert(4, cardUidFor(5), ATR_ISO14443_4, { aesKey: keyOf(5), leaveOnAuthenticate: true });
    // the driver noticed the card leaving mid-challenge (no tap, no alarm)
    for (let i = 0; i < 300 && (await warnings()) === before; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await warnings()).toBeGreaterThan(before);
    expect(seats.get(seatOf(4))!.latest?.member).toBeNull();
    expect(failuresInLog().some((f) => f.uid === cardUidFor(5))).toBe(false);

    await bench.insert(4, cardUidFor(5), ATR_ISO14443_4, { aesKey: keyOf(5) });
    await memberAt(4, 5, 'member 5 in after the interrupted challenge');
    await removeGenuine(4);
    await memberAt(4, null, 'member 5 out');
  });

  it('many taps of genuine cards: every one logs in; the challenge time is printed', async () => {
    const before = challengeMs.length;
    for (let round = 0; round < 10; round++) {
      const reader = 5;
      const member = 6 + (round % 5);
      await bench.insert(reader, cardUidFor(member), ATR_ISO14443_4, { aesKey: keyOf(member) });
      await memberAt(reader, member, `round ${round}: member ${member} in`);
      await removeGenuine(reader);
      await memberAt(reader, null, `round ${round}: seat empty`);
    }
    expect(challengeMs.length).toBe(before + 10);
  });
});
