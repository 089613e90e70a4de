import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBallotKey } from '../../server/protocol/client';
import { cardUidFor, writeCouncil } from '../helpers/council';
import { ok, RecordingClient, ServerProcess, tempDir } from '../helpers/server-process';

/** 11 members with a vote (N = 11): one fifth for a secret vote is 3 members. */
const SEATS = 11;

describe('voting procedure over real Socket.IO: requests, interrupt/repeat, elections with runoff and lot', () => {
  let server: ServerProcess;
  let chair: RecordingClient<'chair'>;
  let display: RecordingClient<'display'>;
  const seats: RecordingClient<'seat'>[] = [];
  const seat = (i: number) => seats[i - 1]!;

  function connectAll() {
    chair = new RecordingClient('chair', server);
    display = new RecordingClient('display', server);
    seats.length = 0;
    for (let i = 1; i <= SEATS; i += 1) seats.push(new RecordingClient('seat', server, { seatId: i }));
    return Promise.all([chair.connected(), display.connected(), ...seats.map((s) => s.connected())]);
  }
  function closeAll() {
    chair?.close();
    display?.close();
    seats.forEach((s) => s.close());
  }

  beforeAll(async () => {
    const dir = tempDir('intproc');
    const seed = writeCouncil(dir, { members: SEATS, factions: 3 });
    server = await ServerProcess.start({ dataDir: `${dir}/data`, seedFile: seed });
    await connectAll();
    await Promise.all(seats.map(async (s, idx) => ok(await s.send('demoTap', { uid: cardUidFor(idx + 1) }))));
    await chair.waitFor((v) => v.quorum.present === SEATS);
    ok(await chair.send('selectItem', { itemId: 'top-02' }));
  }, 120_000);

  afterAll(async () => {
    closeAll();
    await server?.stop();
  });

  it('a request for a secret vote: supporters, threshold of one fifth, then the vote must be secret', async () => {
    ok(await seat(2).send('requestVoteKind', { itemId: 'top-02', kind: 'secret', support: true }));
    ok(await seat(3).send('requestVoteKind', { itemId: 'top-02', kind: 'secret', support: true }));
    const again = await seat(3).send('requestVoteKind', { itemId: 'top-02', kind: 'secret', support: true });
    expect(again.ok ? null : again.error.code).toBe('request-unchanged');
    let view = await chair.waitFor((v) => v.procedure?.requests.find((r) => r.kind === 'secret')?.supporters.length === 2);
    expect(view.procedure?.requests[0]).toMatchObject({ itemId: 'top-02', kind: 'secret', required: 3, met: false });
    expect(view.procedure?.requiredKind).toBeNull();
    await seat(2).waitFor((v) => v.procedure?.requests?.secret.mine === true);

    ok(await seat(4).send('requestVoteKind', { itemId: 'top-02', kind: 'secret', support: true }));
    await chair.waitFor((v) => v.procedure?.requiredKind === 'secret');
    const refused = await chair.send('openVote', { itemId: 'top-02', title: 'Vorlage', kind: 'open', majority: { kind: 'simple' } });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'vote-kind-required', message: { de: 'Auf Antrag muss diese Abstimmung geheim erfolgen.' } });
    const { voteId } = ok(await chair.send('openVote', { itemId: 'top-02', title: 'Vorlage', kind: 'secret', majority: { kind: 'simple' } }));
    view = await chair.waitFor((v) => v.vote?.summary.id === voteId && (v.procedure?.requests[0]?.decisions.length ?? 0) === 1);
    expect(view.procedure?.requests[0]?.decisions[0]).toMatchObject({ supporters: 3, required: 3, met: true });
    const late = await seat(5).send('requestVoteKind', { itemId: 'top-02', kind: 'named', support: true });
    expect(late.ok ? null : late.error.code).toBe('vote-already-open');
    ok(await chair.send('cancelVote', { voteId, reason: 'Test der Anträge beendet' }));
  });

  it('interrupt freezes the vote, resume reopens it, repeat cancels it with a reason and opens the repeat', async () => {
    ok(await chair.send('selectItem', { itemId: 'top-01' }));
    const { voteId } = ok(await chair.send('openVote', { itemId: 'top-01', title: 'Geschäftsordnungsantrag', kind: 'open', majority: { kind: 'simple' } }));
    await seat(2).waitFor((v) => v.vote?.summary.id === voteId);
    ok(await seat(2).send('castBallot', { voteId, choice: 'yes', key: newBallotKey() }));
    ok(await chair.send('interruptVote', { voteId, reason: 'Störung der Saalanlage' }));
    await seat(3).waitFor((v) => v.procedure?.interrupted?.reason === 'Störung der Saalanlage');
    const frozen = await seat(3).send('castBallot', { voteId, choice: 'no', key: newBallotKey() });
    expect(frozen.ok ? null : frozen.error.code).toBe('vote-interrupted');
    const close = await chair.send('closeVote', { voteId });
    expect(close.ok ? null : close.error.code).toBe('vote-interrupted');
    ok(await chair.send('resumeVote', { voteId }));
    await seat(3).waitFor((v) => v.procedure?.interrupted === null);
    ok(await seat(3).send('castBallot', { voteId, choice: 'no', key: newBallotKey() }));

    const repeat = ok(await chair.send('repeatVote', { voteId, reason: 'Stimmabgabe an zwei Plätzen gestört' }));
    const view = await chair.waitFor((v) => v.vote?.summary.id === repeat.voteId);
    expect(view.vote?.cast).toBe(0);
    expect(view.history.find((h) => h.summary.id === voteId)).toMatchObject({ result: null, cancelReason: 'Stimmabgabe an zwei Plätzen gestört' });
    expect(view.procedure?.repeats).toContainEqual({ voteId: repeat.voteId, repeatOf: voteId, reason: 'Stimmabgabe an zwei Plätzen gestört' });
    await seat(2).waitFor((v) => v.vote?.summary.id === repeat.voteId && v.vote.myBallot === null);
    ok(await seat(2).send('castBallot', { voteId: repeat.voteId, choice: 'no', key: newBallotKey() }));
    const { result } = ok(await chair.send('closeVote', { voteId: repeat.voteId }));
    expect(result.tally).toEqual({ yes: 0, no: 1, abstain: 0 });
  });

  it('a template prepared ahead opens with one command', async () => {
    const { templateId } = ok(await chair.send('prepareVoteTemplate', { itemId: 'top-02', title: 'Beschluss Drucksache 2026/001', kind: 'named', majority: { kind: 'absoluteLegal' } }));
    await chair.waitFor((v) => v.procedure?.templates.some((t) => t.id === templateId) === true);
    // secret was requested on top-02: a named template is refused there
    const refused = await chair.send('openVoteFromTemplate', { templateId });
    expect(refused.ok ? null : refused.error.code).toBe('vote-kind-required');
    const { templateId: secretTemplate } = ok(await chair.send('prepareVoteTemplate', { itemId: 'top-02', title: 'Beschluss geheim', kind: 'secret', majority: { kind: 'simple' } }));
    const { voteId } = ok(await chair.send('openVoteFromTemplate', { templateId: secretTemplate }));
    const view = await chair.waitFor((v) => v.vote?.summary.id === voteId);
    expect(view.vote?.summary).toMatchObject({ title: 'Beschluss geheim', kind: 'secret', itemId: 'top-02' });
    ok(await chair.send('cancelVote', { voteId, reason: 'Nur Vorlage geprüft' }));
  });

  let electionId = '';

  it('an election with an objection is secret; tie -> runoff -> tie -> lot drawn in the system', async () => {
    ({ electionId } = ok(
      await chair.send('prepareElection', {
        itemId: 'top-02',
        title: 'Wahl der ersten Stellvertretung',
        mode: 'persons',
        candidates: [{ memberId: 'm-0002' }, { memberId: 'm-0005' }, { name: 'Hanna Externa' }],
      }),
    ));
    await seat(7).waitFor((v) => v.procedure?.election?.canObject === true);
    ok(await seat(7).send('objectToElection', { electionId }));
    await chair.waitFor((v) => v.procedure?.elections.find((e) => e.id === electionId)?.secret === true);
    const { round } = ok(await chair.send('openElectionRound', { electionId }));
    expect(round).toBe(1);
    // 4 : 4 : 3 -> no majority; runoff between c1 and c2
    const first = ['c1', 'c1', 'c1', 'c1', 'c2', 'c2', 'c2', 'c2', 'c3', 'c3', 'c3'];
    await Promise.all(seats.map((s) => s.waitFor((v) => v.procedure?.election?.round?.status === 'open' && v.procedure.election.round.round === 1)));
    await Promise.all(seats.map(async (s, i) => ok(await s.send('castElectionBallot', { electionId, round: 1, option: first[i]!, key: newBallotKey() }))));
    const counted = ok(await chair.send('closeElectionRound', { electionId })).election;
    expect(counted.rounds[0]).toMatchObject({ secret: true, counts: { c1: 4, c2: 4, c3: 3, no: 0, abstain: 0 }, valid: 11, needed: 6, decision: 'runoff', named: null });
    expect(counted.pending).toEqual({ kind: 'runoff', candidates: ['c1', 'c2'] });

    ok(await chair.send('openElectionRound', { electionId }));
    const second = ['c1', 'c1', 'c1', 'c1', 'c1', 'c2', 'c2', 'c2', 'c2', 'c2', 'abstain'];
    await Promise.all(seats.map((s) => s.waitFor((v) => v.procedure?.election?.round?.round === 2)));
    await Promise.all(seats.map(async (s, i) => ok(await s.send('castElectionBallot', { electionId, round: 2, option: second[i]!, key: newBallotKey() }))));
    const final = await seat(1).send('castElectionBallot', { electionId, round: 2, option: 'c2', key: newBallotKey() });
    expect(final.ok ? null : final.error.code).toBe('election-ballot-final');
    const tied = ok(await chair.send('closeElectionRound', { electionId })).election;
    expect(tied.pending).toEqual({ kind: 'lot', tied: ['c1', 'c2'], seatsLeft: 1 });

    const drawn = ok(await chair.send('drawLot', { electionId, method: 'system' })).election;
    const lot = drawn.rounds[1]?.lot;
    expect(lot?.randomValue).toMatch(/^[0-9a-f]{64}$/);
    // anyone can recompute the draw from the recorded value
    const expected = ['c1', 'c2'][Number(BigInt(`0x${lot!.randomValue!}`) % 2n)];
    expect(lot?.winners).toEqual([expected]);
    expect(drawn.result).toMatchObject({ kind: 'elected', candidateId: expected });
    const shown = await display.waitFor((v) => v.election?.election.id === electionId && v.election.election.status === 'done');
    expect(shown.election?.round?.lot?.winners).toEqual([expected]);
  });

  it('committee seats by Hare-Niemeyer from the lists of the factions', async () => {
    const { electionId: lists } = ok(
      await chair.send('prepareElection', {
        itemId: 'top-02',
        title: 'Besetzung des Hauptausschusses',
        mode: 'lists',
        seats: 5,
        method: 'hare-niemeyer',
        candidates: [{ name: 'Liste F1', factionId: 'f-1' }, { name: 'Liste F2', factionId: 'f-2' }, { name: 'Liste F3', factionId: 'f-3' }],
      }),
    );
    ok(await chair.send('openElectionRound', { electionId: lists }));
    await Promise.all(seats.map((s) => s.waitFor((v) => v.procedure?.election?.election.id === lists && v.procedure.election.round?.status === 'open')));
    // 6 : 3 : 2 of 11 votes, 5 seats: quotas 2.73, 1.36, 0.91 -> 2, 1, 0 and the remainders .91, .73 win
    const choices = ['c1', 'c1', 'c1', 'c1', 'c1', 'c1', 'c2', 'c2', 'c2', 'c3', 'c3'];
    await Promise.all(seats.map(async (s, i) => ok(await s.send('castElectionBallot', { electionId: lists, round: 1, option: choices[i]!, key: newBallotKey() }))));
    const { election } = ok(await chair.send('closeElectionRound', { electionId: lists }));
    expect(election.result).toEqual({ kind: 'seats', seats: { c1: 3, c2: 1, c3: 1 } });
    expect(election.rounds[0]?.named).toHaveLength(SEATS);
  });

  it('after a restart the elections, rounds, urn counts and lot are rebuilt from the log', async () => {
    const settled = await chair.waitFor((v) => v.procedure?.elections.length === 2 && v.procedure.elections.every((e) => e.status === 'done'));
    const before = settled.procedure!.elections;
    closeAll();
    await server.stop();
    await server.restart();
    await connectAll();
    const view = await chair.waitFor((v) => (v.procedure?.elections.length ?? 0) === before.length);
    expect(view.procedure?.elections).toEqual(before);
  }, 120_000);
});
