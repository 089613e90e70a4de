import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import type { Choice, Tally } from '../../server/protocol/common';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

const SEATS = 125;
const choiceFor = (i: number, round: number): Choice => (['yes', 'no', 'abstain'] as const)[(i * 7 + round) % 3] ?? 'yes';

function expectedTally(choices: Iterable<Choice>): Tally {
  const t = { yes: 0, no: 0, abstain: 0 };
  for (const c of choices) t[c] += 1;
  return t;
}

/** Every `choice` value anywhere in a message. */
function choicesIn(value: unknown, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => choicesIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'choice') found.push(v);
      choicesIn(v, found);
    }
  }
  return found;
}

describe(`${SEATS} seats over real Socket.IO with TLS`, () => {
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  const seats: RecordingClient<'seat'>[] = [];
  const memberOfSeat = (i: number) => `m-${String(i).padStart(4, '0')}`;

  beforeAll(async () => {
    const dir = tempDir('int125');
    const seed = writeCouncil(dir, { members: SEATS, seats: SEATS + 1 });
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: seed });
    chair = new RecordingClient('chair', server);
    for (let i = 1; i <= SEATS; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    await Promise.all([chair.connected(), ...seats.map((s) => s.connected())]);
  });

  afterAll(async () => {
    chair?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  it('checks all members in through the simulated card reader', async () => {
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await Promise.all(seats.map((s, idx) => s.waitFor((v) => v.member?.id === memberOfSeat(idx + 1), 20_000, 'check-in')));
    const view = await chair.waitFor((v) => v.quorum.present === SEATS);
    expect(view.quorum).toMatchObject({ present: SEATS, legalMembers: SEATS, quorate: true, threshold: Math.floor(SEATS / 2) + 1 });
  });

  it('refuses the same card at a second seat and keeps the first login', async () => {
    const spare = new RecordingClient('seat', server, { seatId: SEATS + 1 });
    try {
      await spare.connected();
      ok(await spare.send('demoTap', { uid: cardUidFor(1) }));
      await spare.waitForNotice('card-in-use-elsewhere');
      expect(spare.latest?.member).toBeNull();
      expect(seats[0]!.latest?.member?.id).toBe(memberOfSeat(1));
      expect(chair.latest?.quorum.present).toBe(SEATS);
    } finally {
      spare.close();
    }
  });

  async function runVote(kind: 'open' | 'named' | 'secret', round: number) {
    const item = chair.latest!.agenda[0]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    const { voteId } = ok(await chair.send('openVote', { itemId: item.id, title: `Vote ${round}`, kind, majority: { kind: 'simple' } }));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
    const acks = await Promise.all(
      seats.map(async (s, idx) => ok(await s.send('castBallot', { voteId, choice: choiceFor(idx + 1, round), key: newBallotKey() }))),
    );
    expect(acks.every((a) => !a.duplicate)).toBe(true);
    return { voteId, acks };
  }

  it('records 125 concurrent ballots of an open vote exactly, including changed votes', async () => {
    const { voteId } = await runVote('open', 0);
    // a third change their vote; only the last choice counts
    const final = new Map<number, Choice>(seats.map((_, idx) => [idx + 1, choiceFor(idx + 1, 0)]));
    await Promise.all(
      seats
        .filter((_, idx) => idx % 3 === 0)
        .map(async (s, n) => {
          const seat = n * 3 + 1;
          const choice = choiceFor(seat, 1);
          final.set(seat, choice);
          ok(await s.send('castBallot', { voteId, choice, key: newBallotKey() }));
        }),
    );
    const chairView = await chair.waitFor((v) => v.vote?.summary.id === voteId && v.vote.cast === SEATS);
    expect(chairView.vote?.notVoted).toEqual([]);
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual(expectedTally(final.values()));
    expect(result.participants).toBe(SEATS);
    expect(result.byFaction?.reduce((n, f) => n + f.yes + f.no + f.abstain, 0)).toBe(SEATS);
    await Promise.all(seats.map((s) => s.waitFor((v) => v.result?.voteId === voteId)));
  });

  it('keeps a secret vote secret: exact tally, and no seat ever receives a choice but its own ack', async () => {
    const viewsBefore = seats.map((s) => s.views.length);
    const { voteId, acks } = await runVote('secret', 2);
    acks.forEach((a, idx) => expect(a.choice).toBe(choiceFor(idx + 1, 2)));
    // a second ballot in a secret vote is refused: the first is final
    const again = await seats[0]!.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() });
    expect(again.ok ? 'accepted' : again.error.code).toBe('secret-ballot-final');
    const chairView = await chair.waitFor((v) => v.vote?.summary.id === voteId && v.vote.cast === SEATS);
    expect(chairView.vote?.notVoted).toBeNull();
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual(expectedTally(seats.map((_, idx) => choiceFor(idx + 1, 2))));
    expect(result.byFaction).toBeNull();
    expect(result.named).toBeNull();
    await Promise.all(seats.map((s) => s.waitFor((v) => v.result?.voteId === voteId)));
    seats.forEach((s, idx) => {
      const received = s.views.slice(viewsBefore[idx]);
      expect(received.length).toBeGreaterThan(0);
      const leaked = received.filter((v) => choicesIn(v).some((c) => c !== null));
      expect(leaked.map((v) => JSON.stringify(v))).toEqual([]);
    });
    // the chair sees who took part, never what they chose (its history lists open votes' choices)
    const chairAboutSecret = chair.views.flatMap((v) => [v.vote, ...v.history.filter((h) => h.summary.id === voteId)]);
    expect(chairAboutSecret.length).toBeGreaterThan(0);
    expect(choicesIn(chairAboutSecret).filter((c) => c !== null)).toEqual([]);
  });

  it('loses no acknowledged ballot when the server process is killed mid-vote', async () => {
    const item = chair.latest!.agenda[1]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    const { voteId } = ok(await chair.send('openVote', { itemId: item.id, title: 'Namentlich', kind: 'named', majority: { kind: 'absoluteLegal' } }));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));
    const firstHalf = seats.slice(0, 62);
    await Promise.all(firstHalf.map(async (s, idx) => ok(await s.send('castBallot', { voteId, choice: choiceFor(idx + 1, 3), key: newBallotKey() }))));

    await server.kill();
    await server.restart();

    // every seat reconnects by itself and finds its own recorded ballot in the view
    await Promise.all(
      seats.map((s, idx) =>
        s.waitFor(
          (v) => v.vote?.summary.id === voteId && (idx < 62 ? v.vote.myBallot?.choice === choiceFor(idx + 1, 3) : v.vote.myBallot === null),
          60_000,
          'reconnected view',
        ),
      ),
    );
    await Promise.all(seats.slice(62).map(async (s, n) => ok(await s.send('castBallot', { voteId, choice: choiceFor(n + 63, 3), key: newBallotKey() }))));
    await chair.waitFor((v) => v.vote?.cast === SEATS, 60_000);
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual(expectedTally(seats.map((_, idx) => choiceFor(idx + 1, 3))));
    expect(result.named).toHaveLength(SEATS);
    const attendance = await chair.waitFor((v) => v.quorum.present === SEATS);
    expect(attendance.attendance.filter((a) => a.present)).toHaveLength(SEATS);
  });
});
