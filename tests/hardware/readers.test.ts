import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SeatView } from '../../server/protocol/views';
import { cardUidFor, makeCouncil, memberIdFor } from '../helpers/council';
import { RecordingClient } from '../helpers/server-process';
import { HardwareBench } from './harness/bench';
import { readerName, READERS } from './harness/protocol';
import { ATR_ISO14443_4, ATR_MIFARE_ULTRALIGHT } from './virtual-card';

/**
 * The real PC/SC stack: pcscd with 16 vsmartcard-vpcd readers, virtual cards on them, nfc-pcsc in
 * the server, and seats watching their views over TLS, as a seat unit does.
 */

const MEMBERS = 20;
/** Member 17 carries a card with a 4-byte UID (single size). */
const FOUR_BYTE_UID = 'A1B2C3D4';
const UNKNOWN_UID = '04FFEEDDCCBBAA';

const register = makeCouncil({ members: MEMBERS });
register.cards = register.cards.map((c) => (c.memberId === memberIdFor(17) ? { ...c, uid: FOUR_BYTE_UID } : c));
const uidOf = (member: number) => (member === 17 ? FOUR_BYTE_UID : cardUidFor(member));

/** Reader i is seat i + 1. */
const seatOf = (reader: number) => reader + 1;

let bench: HardwareBench;
const seats = new Map<number, RecordingClient<'seat'>>();

const memberAt = (reader: number, member: number | null, what: string) =>
  seats.get(seatOf(reader))!.waitFor((v: SeatView) => (v.member?.id ?? null) === (member === null ? null : memberIdFor(member)), 30_000, what);
const readerAt = (reader: number, state: SeatView['reader']) =>
  seats.get(seatOf(reader))!.waitFor((v: SeatView) => v.reader === state, 30_000, `reader ${state} at seat ${seatOf(reader)}`);

beforeAll(async () => {
  bench = await HardwareBench.start({ register, readerSeats: new Map(Array.from({ length: READERS }, (_, i) => [i, seatOf(i)])) });
  for (let i = 0; i < READERS; i++) {
    const c = new RecordingClient('seat', bench, { seatId: seatOf(i) });
    seats.set(seatOf(i), c);
    await c.connected();
  }
  await Promise.all(Array.from({ length: READERS }, (_, i) => readerAt(i, 'connected')));
});

afterEach(async (ctx) => {
  // the server's own log says what the driver saw
  if (ctx.task.result?.state === 'fail') console.error(`server log:\n${await bench.serverLog()}`);
});

afterAll(async () => {
  for (const c of seats.values()) c.close();
  await bench?.stop();
});

describe('card readers through the real pcscd', () => {
  it('16 readers are 16 seats: 16 cards laid on at once check in 16 members, taking them off checks them out', async () => {
    await Promise.all(Array.from({ length: READERS }, (_, i) => bench.insert(i, uidOf(i + 1))));
    const views = await Promise.all(Array.from({ length: READERS }, (_, i) => memberAt(i, i + 1, `member ${i + 1} at seat ${seatOf(i)}`)));
    expect(views.map((v) => v.member?.id)).toEqual(Array.from({ length: READERS }, (_, i) => memberIdFor(i + 1)));

    const chair = new RecordingClient('chair', bench);
    try {
      const view = await chair.waitFor((v) => v.attendance.filter((a) => a.present).length === READERS, 30_000, '16 present');
      const present = view.attendance.filter((a) => a.present).map((a) => [a.member.id, a.seatId]);
      expect(present).toEqual(Array.from({ length: READERS }, (_, i) => [memberIdFor(i + 1), seatOf(i)]));
    } finally {
      chair.close();
    }

    const apdus = await Promise.all(Array.from({ length: READERS }, (_, i) => bench.remove(i)));
    await Promise.all(Array.from({ length: READERS }, (_, i) => memberAt(i, null, `seat ${seatOf(i)} empty`)));
    // the driver reads the UID itself, once per card: no auto-processing, no repeated reads
    for (const a of apdus) expect(a).toEqual(['FFCA000000']);
  });

  it('remove and tap again; a card lying on the reader is one tap however long it lies there', async () => {
    await bench.insert(2, uidOf(3));
    await memberAt(2, 3, 'member 3 in');
    // while that card lies there, a whole tap cycle on another reader passes several presence polls
    await bench.insert(3, uidOf(4));
    await memberAt(3, 4, 'member 4 in');
    await bench.remove(3);
    await memberAt(3, null, 'member 4 out');
    expect(seats.get(seatOf(2))!.latest?.member?.id).toBe(memberIdFor(3));
    expect(await bench.remove(2)).toEqual(['FFCA000000']);
    await memberAt(2, null, 'member 3 out');
    await bench.insert(2, uidOf(3));
    await memberAt(2, 3, 'member 3 in again');
    await bench.remove(2);
    await memberAt(2, null, 'member 3 out again');
  });

  it('an unknown card is refused on that seat with "Karte nicht registriert"', async () => {
    const seat = seats.get(seatOf(4))!;
    await bench.insert(4, UNKNOWN_UID);
    await seat.waitForNotice('card-unknown', 30_000);
    expect(seat.latest?.member).toBeNull();
    await bench.remove(4);
  });

  it('the same card on two readers: the second is refused, the first stays logged in', async () => {
    await bench.insert(5, uidOf(6));
    await memberAt(5, 6, 'member 6 at seat 6');
    const second = seats.get(seatOf(6))!;
    await bench.insert(6, uidOf(6));
    await second.waitForNotice('card-in-use-elsewhere', 30_000);
    expect(second.latest?.member).toBeNull();
    await bench.remove(6);
    expect(seats.get(seatOf(5))!.latest?.member?.id).toBe(memberIdFor(6));
    await bench.remove(5);
    await memberAt(5, null, 'member 6 out');
  });

  it('reads 4-byte and 7-byte UIDs, and an ISO 14443-4 card (not a PC/SC Part 3 ATR)', async () => {
    await bench.insert(7, FOUR_BYTE_UID);
    await memberAt(7, 17, '4-byte UID');
    await bench.insert(8, cardUidFor(18), ATR_MIFARE_ULTRALIGHT);
    await memberAt(8, 18, '7-byte UID');
    await bench.insert(9, cardUidFor(19), ATR_ISO14443_4);
    await memberAt(9, 19, 'ISO 14443-4 card');
    for (const r of [7, 8, 9]) {
      expect(await bench.remove(r)).toEqual(['FFCA000000']);
      await memberAt(r, null, `reader ${r} empty`);
    }
  });

  it('a reader that disappears shows "disconnected" on its seat and recovers when it returns', async () => {
    // vpcd readers cannot be unplugged one by one: pcscd restarts without that reader's entry
    await bench.insert(0, uidOf(1));
    await bench.insert(10, uidOf(11));
    await bench.insert(11, uidOf(12));
    await memberAt(0, 1, 'member 1 in');
    await memberAt(10, 11, 'member 11 in');
    await memberAt(11, 12, 'member 12 in');

    // entry 5 holds readers 10 and 11
    await bench.restartPcscd([5]);
    await readerAt(10, 'disconnected');
    await readerAt(11, 'disconnected');
    await readerAt(0, 'connected');
    // the chair's device overview shows which seat lost its reader
    const chair = new RecordingClient('chair', bench);
    try {
      const view = await chair.waitFor((v) => v.devices?.find((d) => d.seatId === seatOf(10))?.connected === false, 30_000, 'device overview');
      const rows = new Map((view.devices ?? []).map((d) => [d.reader, d]));
      expect(rows.size).toBe(READERS);
      expect(rows.get(readerName(10))).toMatchObject({ kind: 'pcsc', connected: false, seatId: 11 });
      expect(rows.get(readerName(0))?.kind).toBe('pcsc');
    } finally {
      chair.close();
    }
    // a fault of the reader is no removal of the card: the members stay logged in
    expect(seats.get(seatOf(10))!.latest?.member?.id).toBe(memberIdFor(11));
    expect(seats.get(seatOf(0))!.latest?.member?.id).toBe(memberIdFor(1));
    // ... but a card taken away while its reader was gone logs out when the reader is back
    await bench.remove(11);

    await bench.restartPcscd([]);
    await readerAt(10, 'connected');
    await readerAt(11, 'connected');
    await memberAt(11, null, 'member 12 out: the card left while the reader was away');
    expect(seats.get(seatOf(10))!.latest?.member?.id).toBe(memberIdFor(11));

    // and the returned reader works as before
    await bench.remove(10);
    await memberAt(10, null, 'member 11 out');
    await bench.insert(10, uidOf(11));
    await memberAt(10, 11, 'member 11 in again');
    await bench.remove(10);
    await bench.remove(0);
    await memberAt(0, null, 'member 1 out');
  });
});
