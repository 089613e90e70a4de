import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cardKeyFor } from '../../drivers/card-readers/card-auth';
import type { SeatView } from '../../server/protocol/views';
import { cardUidFor, makeCouncil, memberIdFor } from '../helpers/council';
import { ok, RecordingClient } from '../helpers/server-process';
import { HardwareBench } from './harness/bench';
import { ATR_ISO14443_4 } from './virtual-card';

/**
 * Personalisation on the real PC/SC stack: `npm run cards -- personalise`'s function runs on a
 * desk reader of the bench's pcscd (a reader mapped to no seat), changes key 0 of a virtual
 * NTAG 424 DNA in secure messaging, and the server, which requires challenge-response, then
 * logs the member in with that card at a seat.
 */

const MASTER = randomBytes(16);
const OLD_MASTER = randomBytes(16);
const hex = (b: Buffer) => b.toString('hex').toUpperCase();
const ZERO_KEY = hex(Buffer.alloc(16));

const register = makeCouncil({ members: 6 });
register.profile = { ...register.profile, cardAuthentication: 'challenge-response' };

/** Readers 0 to 2 are seats 1 to 3; reader 8 is the clerk's desk reader, mapped to no seat. */
const DESK = 8;
const SEAT_READERS = 3;
const seatOf = (reader: number) => reader + 1;

let bench: HardwareBench;
const seats = new Map<number, RecordingClient<'seat'>>();

const memberAt = (reader: number, member: number | null, what: string) =>
  seats.get(seatOf(reader))!.waitFor((v: SeatView) => (v.member?.id ?? null) === (member === null ? null : memberIdFor(member)), 30_000, what);

/**
 * Lays a card on the desk reader and waits until the server's own challenge at the tap is over
 * (it watches every reader): the personalisation must not run into it.
 */
async function onDesk(member: number, aesKey: string): Promise<void> {
  await bench.insert(DESK, cardUidFor(member), ATR_ISO14443_4, { aesKey });
  // the challenge has reached its last command, and then the card has been quiet for 400 ms: on a
  // loaded machine the reader may report the card twice, and a second challenge would otherwise
  // run into the personalisation (seen once in the full suite)
  let seen = -1;
  let quietSince = 0;
  for (let i = 0; i < 300; i++) {
    const apdus = await bench.apdus(DESK);
    const now = performance.now();
    if (apdus.length !== seen) {
      seen = apdus.length;
      quietSince = now;
    } else if (apdus.some((a) => a.startsWith('90AF')) && now - quietSince >= 400) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not challenge the card on the desk reader, or did not stop');
}

/** Carries the card from the desk to a seat reader, with the key it has now. */
async function toSeat(reader: number, member: number): Promise<void> {
  const { aesKey } = await bench.removeCard(DESK);
  await bench.insert(reader, cardUidFor(member), ATR_ISO14443_4, { aesKey: aesKey! });
  await memberAt(reader, member, `member ${member} in at seat ${seatOf(reader)}`);
  await bench.remove(reader);
  await memberAt(reader, null, `member ${member} out`);
}

beforeAll(async () => {
  bench = await HardwareBench.start({
    register,
    readerSeats: new Map(Array.from({ length: SEAT_READERS }, (_, i) => [i, seatOf(i)])),
    cardMasterKey: hex(MASTER),
  });
  for (let i = 0; i < SEAT_READERS; i++) {
    const c = new RecordingClient('seat', bench, { seatId: seatOf(i) });
    seats.set(seatOf(i), c);
    await c.connected();
  }
  await Promise.all(Array.from({ length: SEAT_READERS }, (_, i) => seats.get(seatOf(i))!.waitFor((v) => v.reader === 'connected', 30_000, `reader ${i}`)));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') console.error(`server log:\n${await bench.serverLog()}`);
});

afterAll(async () => {
  for (const c of seats.values()) c.close();
  await bench?.stop();
});

describe('npm run cards -- personalise through the real pcscd', () => {
  it('a factory card (zero key) is personalised, and then logs its member in with challenge-response', async () => {
    await onDesk(1, ZERO_KEY);
    const run = await bench.personalise(DESK, 1);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Karte ${cardUidFor(1)} personalisiert / Card ${cardUidFor(1)} personalised`);
    const apdus = await bench.apdus(DESK);
    expect(apdus.filter((a) => a.startsWith('90C4'))).toHaveLength(1);
    // no key in the output
    const printed = [...run.out, ...run.err].join('\n');
    expect(printed).not.toContain(hex(cardKeyFor(MASTER, cardUidFor(1))));
    expect(printed).not.toContain(hex(MASTER));
    await toSeat(0, 1);
  });

  it('a second tap of the same card says it carries the key already and changes nothing', async () => {
    await onDesk(1, hex(cardKeyFor(MASTER, cardUidFor(1))));
    const run = await bench.personalise(DESK, 1);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Karte ${cardUidFor(1)} trägt den neuen Schlüssel bereits, nichts geändert / Card ${cardUidFor(1)} already carries the new key, nothing changed`);
    const { apdus, aesKey } = await bench.removeCard(DESK);
    expect(apdus.some((a) => a.startsWith('90C4'))).toBe(false);
    expect(aesKey).toBe(hex(cardKeyFor(MASTER, cardUidFor(1))));
  });

  it('rotation: a card with the key of the old master key gets the key of the new one and logs in', async () => {
    const oldFile = join(bench.dir, 'card-master.old');
    writeFileSync(oldFile, `${hex(OLD_MASTER)}\n`, { mode: 0o600 });
    await onDesk(2, hex(cardKeyFor(OLD_MASTER, cardUidFor(2))));
    const run = await bench.personalise(DESK, 1, oldFile);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Karte ${cardUidFor(2)} personalisiert / Card ${cardUidFor(2)} personalised`);
    await toSeat(1, 2);
  });

  it('a card with an unknown key is refused (91 AE) and left unchanged', async () => {
    const unknown = hex(randomBytes(16));
    await onDesk(3, unknown);
    const run = await bench.personalise(DESK, 1);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `Karte ${cardUidFor(3)}: aktueller Schlüssel falsch (91 AE), nichts geändert / Card ${cardUidFor(3)}: current key wrong (91 AE), nothing changed`,
    );
    const { apdus, aesKey } = await bench.removeCard(DESK);
    expect(apdus.some((a) => a.startsWith('90C4'))).toBe(false);
    expect(aesKey).toBe(unknown);
  });
});

describe("the clerk's card registration sets a new card up at the server's own reader", () => {
  it('a factory card on the desk reader gets its key from the server, is registered, and logs its member in', async () => {
    const clerk = new RecordingClient('clerk', bench);
    try {
      const NEW = '04C1E2A0000001';
      ok(await clerk.send('startCardMode', { memberId: memberIdFor(4) }));
      await clerk.waitFor((v) => v.cardMode?.phase === 'waiting', 30_000, 'card mode');
      await bench.insert(DESK, NEW, ATR_ISO14443_4, { aesKey: ZERO_KEY });
      const done = await clerk.waitFor((v) => v.lastCardResult?.uid === NEW, 30_000, 'card result');
      expect(done.lastCardResult).toMatchObject({ ok: true, personalised: true, message: null });
      expect(done.members.find((m) => m.member.id === memberIdFor(4))?.cards).toContain(NEW);
      // the server log has the outcome and how long the set-up took; never a key
      const log = await bench.serverLog();
      const line = log.split('\n').find((l) => l.includes(`Karte ${NEW} einrichten`));
      expect(line).toMatch(/: personalised \(\d+ ms\)/);
      console.log(`set-up on the PC/SC bench: ${line}`);
      expect(log).not.toContain(hex(cardKeyFor(MASTER, NEW)));
      // one ChangeKey, and the card holds its diversified key now
      const { apdus, aesKey } = await bench.removeCard(DESK);
      expect(apdus.filter((a) => a.startsWith('90C4'))).toHaveLength(1);
      expect(aesKey).toBe(hex(cardKeyFor(MASTER, NEW)));
      // at a seat it proves the key and logs member 4 in
      await bench.insert(2, NEW, ATR_ISO14443_4, { aesKey: aesKey! });
      await memberAt(2, 4, 'member 4 in with the new card');
      await bench.remove(2);
      await memberAt(2, null, 'member 4 out');
    } finally {
      clerk.close();
    }
  });

  it('a card with an unknown key is not written to and not registered', async () => {
    const clerk = new RecordingClient('clerk', bench);
    try {
      const NEW = '04C1E2A0000002';
      const unknown = hex(randomBytes(16));
      ok(await clerk.send('startCardMode', { memberId: memberIdFor(5) }));
      await clerk.waitFor((v) => v.cardMode?.phase === 'waiting', 30_000, 'card mode');
      await bench.insert(DESK, NEW, ATR_ISO14443_4, { aesKey: unknown });
      const done = await clerk.waitFor((v) => v.lastCardResult?.uid === NEW, 30_000, 'card result');
      expect(done.lastCardResult).toMatchObject({ ok: false, personalised: false });
      expect(done.members.find((m) => m.member.id === memberIdFor(5))?.cards).not.toContain(NEW);
      const { apdus, aesKey } = await bench.removeCard(DESK);
      expect(apdus.some((a) => a.startsWith('90C4'))).toBe(false);
      expect(aesKey).toBe(unknown);
    } finally {
      clerk.close();
    }
  });
});
