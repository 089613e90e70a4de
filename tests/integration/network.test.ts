import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/** Wireless seats lose the network and come back: nothing of theirs is lost, nothing is missed. */
describe('seats that drop off the network and return', () => {
  const SEATS = 12;
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  const seats: RecordingClient<'seat'>[] = [];

  beforeAll(async () => {
    const dir = tempDir('network');
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: writeCouncil(dir, { members: SEATS }) });
    chair = new RecordingClient('chair', server);
    for (let i = 1; i <= SEATS; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    await Promise.all([chair.connected(), ...seats.map((s) => s.connected())]);
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === SEATS);
  });

  afterAll(async () => {
    chair?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  it('a seat keeps its ballot across a drop, and a seat that was away at the close sees the result on return', async () => {
    const item = chair.latest!.agenda[2]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    const { voteId } = ok(await chair.send('openVote', { itemId: item.id, title: 'Funkloch', kind: 'open', majority: { kind: 'simple' } }));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible)));

    // seats 1–4 vote, then lose the network; seats 5–8 lose it before voting
    await Promise.all(seats.slice(0, 4).map(async (s) => ok(await s.send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }))));
    const away = seats.slice(0, 8);
    away.forEach((s) => s.socket.disconnect());

    // the members are still present (the card lies on the reader): the drop is the network's, not a logout
    const whileAway = await chair.waitFor((v) => v.vote?.summary.id === voteId && v.vote.cast === 4);
    expect(whileAway.quorum.present).toBe(SEATS);

    // 1–4 come back and find their recorded ballot; 5–8 come back and vote
    const back = seats.slice(0, 4);
    back.forEach((s) => s.socket.connect());
    await Promise.all(back.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.myBallot?.choice === 'yes' && s.socket.connected)));
    const late = seats.slice(4, 8);
    late.forEach((s) => s.socket.connect());
    await Promise.all(late.map((s) => s.connected()));
    await Promise.all(late.map(async (s) => ok(await s.send('castBallot', { voteId, choice: 'no', key: newBallotKey() }))));

    // seats 9–12 vote and 9–10 drop before the close
    await Promise.all(seats.slice(8).map(async (s) => ok(await s.send('castBallot', { voteId, choice: 'abstain', key: newBallotKey() }))));
    seats.slice(8, 10).forEach((s) => s.socket.disconnect());
    await chair.waitFor((v) => v.vote?.summary.id === voteId && v.vote.cast === SEATS);
    const { result } = ok(await chair.send('closeVote', { voteId }));
    expect(result.tally).toEqual({ yes: 4, no: 4, abstain: 4 });

    // the ones away at the close get the result as soon as they are back, without asking
    seats.slice(8, 10).forEach((s) => s.socket.connect());
    const views = await Promise.all(seats.map((s) => s.waitFor((v) => v.result?.voteId === voteId)));
    views.forEach((v) => expect(v.result?.tally).toEqual({ yes: 4, no: 4, abstain: 4 }));
  });
});
