import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandTimeoutError, newBallotKey } from '../../server/protocol/client';
import type { Choice, Tally } from '../../server/protocol/common';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { prng } from '../helpers/random';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/**
 * The server process is killed (SIGKILL) again and again in the middle of a 125-seat voting
 * burst. Seats behave like the seat UI: a ballot that got no answer is sent again with the same
 * idempotency key once the connection is back. Every ballot a seat saw acknowledged must be in
 * the result, counted exactly once, and every seat must come back into the right state.
 */
const SEATS = 125;
const ROUNDS = 5;
const CHOICES: readonly Choice[] = ['yes', 'no', 'abstain'];

function tallyOf(choices: Iterable<Choice>): Tally {
  const t = { yes: 0, no: 0, abstain: 0 };
  for (const c of choices) t[c] += 1;
  return t;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

// both ways of committing: on the main thread (where fsyncs are fast) and on the writer thread (slow storage)
describe.each([
  ['main thread', '0'],
  ['writer thread', '1'],
])(`${SEATS} seats, server killed ${ROUNDS} times per vote in the middle of the voting burst, commits on the %s`, (mode, thread) => {
  const random = prng(Number(process.env.RATSSAAL_CRASH_SEED ?? 20261123));
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  const seats: RecordingClient<'seat'>[] = [];
  const stats = { kills: 0, sent: 0, retried: 0, acked: 0, duplicates: 0 };
  const fastReconnect = { reconnectionDelay: 50, reconnectionDelayMax: 300 };

  beforeAll(async () => {
    const dir = tempDir('crash');
    const seed = writeCouncil(dir, { members: SEATS, seats: SEATS });
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: seed, env: { RATSSAAL_COMMIT_THREAD: thread } });
    chair = new RecordingClient('chair', server, { socket: fastReconnect });
    for (let i = 1; i <= SEATS; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i, socket: fastReconnect }));
    await Promise.all([chair.connected(), ...seats.map((s) => s.connected())]);
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === SEATS);
  });

  afterAll(async () => {
    console.log(
      `crash test (${mode}): ${stats.kills} kills; ${stats.sent} ballots sent, ${stats.retried} resent after a crash, ` +
        `${stats.acked} acknowledged (${stats.duplicates} of them as already recorded)`,
    );
    chair?.close();
    seats.forEach((s) => s.close());
    await server?.stop();
  });

  /** Like the seat UI: resend the same ballot (same key) until the server answers. */
  async function castUntilAcked(seat: RecordingClient<'seat'>, voteId: string, choice: Choice) {
    const key = newBallotKey();
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (!seat.socket.connected) await seat.connected(60_000).catch(() => undefined);
      stats.sent += 1;
      if (attempt > 0) stats.retried += 1;
      try {
        const answer = ok(await seat.send('castBallot', { voteId, choice, key }, 3_000));
        stats.acked += 1;
        if (answer.duplicate) stats.duplicates += 1;
        return answer;
      } catch (err) {
        if (!(err instanceof CommandTimeoutError)) throw err;
      }
    }
    throw new Error(`seat ${seat.socket.id ?? '?'} never got an answer`);
  }

  /** All seats cast at once; the server is killed after a random few milliseconds and restarted. */
  async function burstWithCrash(voteId: string, choiceOf: (seat: number) => Choice) {
    const burst = Promise.all(seats.map((s, idx) => castUntilAcked(s, voteId, choiceOf(idx + 1))));
    await sleep(2 + Math.floor(random() * 40));
    await server.kill();
    stats.kills += 1;
    await server.restart();
    return burst;
  }

  async function openVote(kind: 'open' | 'secret', itemIndex: number) {
    await chair.connected(60_000);
    const item = chair.latest!.agenda[itemIndex]!;
    ok(await chair.send('selectItem', { itemId: item.id }));
    const { voteId } = ok(await chair.send('openVote', { itemId: item.id, title: `Crash ${kind}`, kind, majority: { kind: 'simple' } }));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.eligible, 60_000)));
    return voteId;
  }

  async function closeWhenAllCast(voteId: string) {
    await chair.waitFor((v) => v.vote?.summary.id === voteId && v.vote.cast === SEATS, 60_000, 'all ballots on the chair');
    return ok(await chair.send('closeVote', { voteId })).result;
  }

  it('open vote: every acknowledged change of vote survives; the last acknowledged choice counts once', async () => {
    const voteId = await openVote('open', 0);
    const last = new Map<number, Choice>();
    for (let round = 0; round < ROUNDS; round += 1) {
      const choices = seats.map(() => CHOICES[Math.floor(random() * 3)]!);
      const acks = await burstWithCrash(voteId, (seat) => choices[seat - 1]!);
      acks.forEach((a, idx) => {
        expect(a.choice).toBe(choices[idx]);
        last.set(idx + 1, choices[idx]!);
      });
    }
    // every seat is back in the right state: its own last acknowledged choice
    await Promise.all(
      seats.map((s, idx) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.myBallot?.choice === last.get(idx + 1), 60_000)),
    );
    const result = await closeWhenAllCast(voteId);
    expect(result.tally).toEqual(tallyOf(last.values()));
    expect(result.participants).toBe(SEATS);
  });

  it('secret vote: a ballot resent after a crash is recognised by its key and counted exactly once', async () => {
    const voteId = await openVote('secret', 1);
    const choices = seats.map(() => CHOICES[Math.floor(random() * 3)]!);
    const acks = await burstWithCrash(voteId, (seat) => choices[seat - 1]!);
    acks.forEach((a, idx) => {
      // a resent ballot the server had already put in the urn answers "duplicate" without choice
      if (!a.duplicate) expect(a.choice).toBe(choices[idx]);
    });
    await Promise.all(seats.map((s) => s.waitFor((v) => v.vote?.summary.id === voteId && v.vote.myBallot !== null, 60_000)));
    const result = await closeWhenAllCast(voteId);
    expect(result.tally).toEqual(tallyOf(choices));
    expect(result.participants).toBe(SEATS);
  });
});
