import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import type { DomainEvent } from '../../../server/domain/events';
import { electionView } from '../../../server/domain/procedure-views';
import type { CouncilState } from '../../../server/domain/state';
import { chairView, seatView } from '../../../server/domain/views';
import { SEAT, checkIn, council, fullRoom, openVote, refusal, run, vote, type MemberKey } from './fixtures';

const request = (member: MemberKey, kind: 'named' | 'secret', support = true, itemId = 'top-1'): Command => ({
  type: 'requestVoteKind',
  itemId,
  kind,
  seatId: SEAT[member],
  support,
});

describe('requests for a named or secret vote', () => {
  it('a request is an event; withdrawing it is another; repeating it is refused', () => {
    const s = fullRoom();
    expect(run(s, request('gruen-1', 'secret'))).toEqual([{ type: 'VoteKindRequested', itemId: 'top-1', kind: 'secret', memberId: 'gruen-1', seatId: SEAT['gruen-1'] }]);
    expect(refusal(() => run(s, request('gruen-1', 'secret'))).code).toBe('request-unchanged');
    expect(run(s, request('gruen-1', 'secret', false))[0]?.type).toBe('VoteKindRequestWithdrawn');
  });

  it.each<{ name: string; who: MemberKey; code: string; setup?: (s: CouncilState) => void }>([
    { name: 'advisory members cannot ask', who: 'advisor', code: 'advisory-only' },
    { name: 'a biased member cannot ask', who: 'gruen-2', code: 'excluded-bias', setup: (s) => void run(s, { type: 'setBias', itemId: 'top-1', memberId: 'gruen-2', excluded: true }) },
    { name: 'not while the vote on the item is open', who: 'gruen-1', code: 'vote-already-open', setup: (s) => openVote(s) },
  ])('$name', ({ who, code, setup }) => {
    const s = fullRoom();
    setup?.(s);
    expect(refusal(() => run(s, request(who, 'secret'))).code).toBe(code);
  });

  // N = 7: one fifth is 1.4, so 2 supporters are needed (base: legal members)
  it.each<{ supporters: MemberKey[]; met: boolean }>([
    { supporters: ['gruen-1'], met: false },
    { supporters: ['gruen-1', 'links-1'], met: true },
  ])('secret, N=7: $supporters.length supporters -> met $met; the vote must then be secret', ({ supporters, met }) => {
    const s = fullRoom();
    for (const m of supporters) run(s, request(m, 'secret'));
    if (met) {
      const err = refusal(() => run(s, { type: 'openVote', voteId: 'v1', itemId: 'top-1', title: 'T', kind: 'open', majority: { kind: 'simple' } }));
      expect(err.code).toBe('vote-kind-required');
      expect(err.params).toEqual({ kind: 'secret' });
    }
    const kind = met ? 'secret' : 'open';
    const events = run(s, { type: 'openVote', voteId: 'v1', itemId: 'top-1', title: 'T', kind, majority: { kind: 'simple' } });
    // the finding goes into the log right before the vote
    expect(events[0]).toEqual({ type: 'VoteKindRequestDecided', itemId: 'top-1', kind: 'secret', supporters: supporters.length, required: 2, faction: null, met });
    expect(events[1]?.type).toBe('VoteOpened');
  });

  it('named: all present members of one faction meet it; secret beats named', () => {
    const s = fullRoom();
    run(s, request('buerger-1', 'named'));
    expect(chairView(s).procedure?.requiredKind).toBeNull();
    run(s, request('buerger-2', 'named'));
    expect(chairView(s).procedure?.requiredKind).toBe('named');
    expect(chairView(s).procedure?.requests.find((r) => r.kind === 'named')?.faction).toBe('buerger');
    run(s, request('gruen-1', 'secret'));
    run(s, request('links-1', 'secret'));
    expect(chairView(s).procedure?.requiredKind).toBe('secret');
    expect(refusal(() => run(s, { type: 'openVote', voteId: 'v1', itemId: 'top-1', title: 'T', kind: 'named', majority: { kind: 'simple' } })).params).toEqual({ kind: 'secret' });
  });

  it('named by member count when the profile says so', () => {
    const s = fullRoom({ namedVoteRequest: { minMembers: 3, oneFaction: false } });
    run(s, request('buerger-1', 'named'));
    run(s, request('buerger-2', 'named'));
    expect(chairView(s).procedure?.requiredKind).toBeNull();
    run(s, request('links-1', 'named'));
    expect(chairView(s).procedure?.requiredKind).toBe('named');
  });

  it('secret with base "present": 6 present with a vote -> 2 needed; 3 present -> 1 needed', () => {
    const s = council({ secretVoteRequest: { numerator: 1, denominator: 5, base: 'present' } });
    checkIn(s, 'mayor', 'gruen-1', 'gruen-2');
    run(s, { type: 'selectItem', itemId: 'top-1' });
    run(s, request('gruen-1', 'secret'));
    expect(chairView(s).procedure?.requiredKind).toBe('secret');
    checkIn(s, 'buerger-1', 'buerger-2', 'links-1');
    expect(chairView(s).procedure?.requiredKind).toBeNull();
  });

  it('the chair records a finding; the seat sees its own support', () => {
    const s = fullRoom();
    expect(refusal(() => run(s, { type: 'decideVoteKindRequest', itemId: 'top-1', kind: 'secret' })).code).toBe('request-no-supporters');
    run(s, request('gruen-1', 'secret'));
    expect(run(s, { type: 'decideVoteKindRequest', itemId: 'top-1', kind: 'secret' })).toEqual([
      { type: 'VoteKindRequestDecided', itemId: 'top-1', kind: 'secret', supporters: 1, required: 2, faction: null, met: false },
    ]);
    const seat = seatView(s, SEAT['gruen-1'], { demo: false, reader: 'none' });
    expect(seat?.procedure?.requests).toMatchObject({ itemId: 'top-1', canRequest: true, secret: { mine: true, supporters: 1, met: false } });
  });
});

describe('interrupt, resume, repeat (DigiSiVO § 10)', () => {
  function openRoom() {
    const s = fullRoom();
    openVote(s);
    vote(s, 'gruen-1', 'yes');
    return s;
  }

  it('an interrupted vote takes no ballot and cannot be closed; resuming reopens it', () => {
    const s = openRoom();
    expect(run(s, { type: 'interruptVote', voteId: 'v1', reason: 'Tonanlage gestört' })).toEqual([{ type: 'VoteInterrupted', voteId: 'v1', reason: 'Tonanlage gestört' }]);
    expect(refusal(() => vote(s, 'gruen-2', 'no')).code).toBe('vote-interrupted');
    expect(refusal(() => run(s, { type: 'closeVote', voteId: 'v1' })).code).toBe('vote-interrupted');
    expect(refusal(() => run(s, { type: 'interruptVote', voteId: 'v1', reason: 'x' })).code).toBe('vote-already-interrupted');
    expect(chairView(s).procedure?.interrupted).toMatchObject({ voteId: 'v1', reason: 'Tonanlage gestört' });
    expect(seatView(s, SEAT['gruen-2'], { demo: false, reader: 'none' })?.procedure?.interrupted).toEqual({ reason: 'Tonanlage gestört' });
    run(s, { type: 'resumeVote', voteId: 'v1' });
    expect(refusal(() => run(s, { type: 'resumeVote', voteId: 'v1' })).code).toBe('vote-not-interrupted');
    vote(s, 'gruen-2', 'no');
    expect(run(s, { type: 'closeVote', voteId: 'v1' })[0]?.type).toBe('VoteClosed');
  });

  it('repeat: the cancelled vote keeps its ballots but no result; the repeat starts empty and links back', () => {
    const s = openRoom();
    run(s, { type: 'interruptVote', voteId: 'v1', reason: 'Störung' });
    const events = run(s, { type: 'repeatVote', voteId: 'v1', newVoteId: 'v2', reason: 'Saalmikrofon ausgefallen' });
    expect(events.map((e) => e.type)).toEqual(['VoteCancelled', 'VoteOpened', 'VoteRepeated']);
    expect(s.votes.get('v1')).toMatchObject({ status: 'cancelled', cancelReason: 'Saalmikrofon ausgefallen', outcome: null });
    expect(s.votes.get('v1')?.ballots.size).toBe(1);
    expect(s.votes.get('v2')).toMatchObject({ status: 'open', title: 'Abstimmung über die Vorlage', kind: 'open' });
    expect(s.votes.get('v2')?.ballots.size).toBe(0);
    vote(s, 'gruen-1', 'no', { voteId: 'v2' });
    run(s, { type: 'closeVote', voteId: 'v2' });
    expect(s.votes.get('v2')?.outcome?.tally).toEqual({ yes: 0, no: 1, abstain: 0 });
    expect(chairView(s).procedure?.repeats).toEqual([{ voteId: 'v2', repeatOf: 'v1', reason: 'Saalmikrofon ausgefallen' }]);
  });

  it('repeat needs a reason and an open vote', () => {
    const s = openRoom();
    expect(refusal(() => run(s, { type: 'repeatVote', voteId: 'v1', newVoteId: 'v2', reason: '  ' })).code).toBe('reason-required');
    run(s, { type: 'closeVote', voteId: 'v1' });
    expect(refusal(() => run(s, { type: 'repeatVote', voteId: 'v1', newVoteId: 'v2', reason: 'x' })).code).toBe('vote-not-open');
  });
});

describe('vote templates', () => {
  it('prepared ahead, opened with one command, removable', () => {
    const s = fullRoom();
    run(s, { type: 'prepareVoteTemplate', templateId: 't1', itemId: 'top-2', title: 'Satzungsbeschluss', kind: 'named', majority: { kind: 'absoluteLegal' } });
    expect(chairView(s).procedure?.templates).toEqual([{ id: 't1', itemId: 'top-2', title: 'Satzungsbeschluss', kind: 'named', majority: { kind: 'absoluteLegal' } }]);
    const events = run(s, { type: 'openVoteFromTemplate', templateId: 't1', voteId: 'v9' });
    expect(events.map((e) => e.type)).toEqual(['ItemSelected', 'VoteOpened', 'VoteTemplateUsed']);
    expect(s.votes.get('v9')).toMatchObject({ itemId: 'top-2', kind: 'named', majority: { kind: 'absoluteLegal' } });
    expect(refusal(() => run(s, { type: 'openVoteFromTemplate', templateId: 'nope', voteId: 'v10' })).code).toBe('template-unknown');
    run(s, { type: 'removeVoteTemplate', templateId: 't1' });
    expect(chairView(s).procedure?.templates).toEqual([]);
  });
});

const KEY = (m: MemberKey, round: number) => `key-${m}-r${round}`;

function elect(s: CouncilState, electionId: string, round: number, choices: Partial<Record<MemberKey, string>>): void {
  for (const [m, option] of Object.entries(choices) as [MemberKey, string][]) {
    run(s, { type: 'castElectionBallot', electionId, round, seatId: SEAT[m], option, key: KEY(m, round) });
  }
}

type Prepare = Extract<Command, { type: 'prepareElection' }>;

function prepare(s: CouncilState, candidates: Prepare['candidates'], extra: Partial<Prepare> = {}): DomainEvent[] {
  return run(s, { type: 'prepareElection', electionId: 'e1', itemId: 'top-2', title: 'Wahl der Stellvertretung', mode: 'persons', seats: 1, method: null, candidates, ...extra });
}

describe('elections of persons', () => {
  it('open unless anyone objects; elected with more than half of the valid votes', () => {
    const s = fullRoom();
    prepare(s, [{ memberId: 'gruen-1' }, { name: 'Hanna Externa' }]);
    const e = s.procedure.elections.get('e1');
    expect(e?.candidates).toEqual([
      { id: 'c1', name: 'Bernd Brinkmann', memberId: 'gruen-1', factionId: 'gruen' },
      { id: 'c2', name: 'Hanna Externa', memberId: null, factionId: null },
    ]);
    const opened = run(s, { type: 'openElectionRound', electionId: 'e1' });
    expect(opened.at(-1)).toEqual({ type: 'ElectionRoundOpened', electionId: 'e1', round: 1, runoff: false, secret: false, candidates: ['c1', 'c2'], options: ['c1', 'c2', 'no', 'abstain'] });
    elect(s, 'e1', 1, { mayor: 'c1', 'gruen-1': 'c1', 'gruen-2': 'c1', 'buerger-1': 'c2', 'buerger-2': 'no', 'links-1': 'abstain' });
    expect(refusal(() => elect(s, 'e1', 1, { advisor: 'c1' })).code).toBe('advisory-only');
    expect(refusal(() => run(s, { type: 'castElectionBallot', electionId: 'e1', round: 1, seatId: SEAT.mayor, option: 'c9', key: 'key-other-1' })).code).toBe('election-option-unknown');
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    // valid: 3 + 1 + 1 (no) = 5; 3 > 2.5
    expect(s.procedure.elections.get('e1')).toMatchObject({ status: 'done', result: { kind: 'elected', candidateId: 'c1' } });
    const view = electionView(s, s.procedure.elections.get('e1')!, 'chair');
    expect(view.rounds[0]).toMatchObject({ counts: { c1: 3, c2: 1, no: 1, abstain: 1 }, valid: 5, needed: 3, decision: 'elected' });
    expect(view.rounds[0]?.named).toHaveLength(6);
    expect(view.result).toEqual({ kind: 'elected', candidateId: 'c1', name: 'Bernd Brinkmann' });
  });

  it('one objection makes it secret: the log holds participation only, the urn the options', () => {
    const s = fullRoom();
    prepare(s, [{ memberId: 'gruen-1' }, { memberId: 'buerger-1' }]);
    expect(run(s, { type: 'objectToElection', electionId: 'e1', seatId: SEAT['links-1'] })).toEqual([{ type: 'ElectionObjected', electionId: 'e1', memberId: 'links-1', seatId: SEAT['links-1'] }]);
    expect(refusal(() => run(s, { type: 'objectToElection', electionId: 'e1', seatId: SEAT['links-1'] })).code).toBe('election-objection-unchanged');
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    expect(refusal(() => run(s, { type: 'objectToElection', electionId: 'e1', seatId: SEAT.mayor })).code).toBe('election-not-prepared');
    const events = run(s, { type: 'castElectionBallot', electionId: 'e1', round: 1, seatId: SEAT.mayor, option: 'c2', key: 'key-mayor-1' });
    expect(events).toEqual([
      { type: 'SecretElectionBallotCast', electionId: 'e1', round: 1, memberId: 'mayor', seatId: SEAT.mayor, key: 'key-mayor-1' },
      { type: 'ElectionUrnDeposit', electionId: 'e1', round: 1, option: 'c2' },
    ]);
    expect(refusal(() => run(s, { type: 'castElectionBallot', electionId: 'e1', round: 1, seatId: SEAT.mayor, option: 'c1', key: 'key-mayor-2' })).code).toBe('election-ballot-final');
    const seat = seatView(s, SEAT.mayor, { demo: false, reader: 'none' });
    expect(seat?.procedure?.election?.myBallot?.option).toBeNull();
    expect(seat?.procedure?.election?.round?.counts).toBeNull();
  });

  it('no majority -> runoff of the two best (ties for second go along) -> tie -> lot with the recorded value', () => {
    const s = fullRoom();
    prepare(s, [{ memberId: 'gruen-1' }, { memberId: 'buerger-1' }, { memberId: 'links-1' }]);
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    expect(refusal(() => run(s, { type: 'openVote', voteId: 'v1', itemId: 'top-2', title: 'T', kind: 'open', majority: { kind: 'simple' } })).code).toBe('election-busy');
    elect(s, 'e1', 1, { mayor: 'c1', 'gruen-1': 'c1', 'gruen-2': 'c2', 'buerger-1': 'c2', 'buerger-2': 'c3', 'links-1': 'c3' });
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    expect(s.procedure.elections.get('e1')).toMatchObject({ status: 'counted', pending: { kind: 'runoff', candidates: ['c1', 'c2', 'c3'] } });
    expect(refusal(() => run(s, { type: 'drawLot', electionId: 'e1', draw: { method: 'system', randomValue: '0'.repeat(64) } })).code).toBe('election-no-lot');
    const r2 = run(s, { type: 'openElectionRound', electionId: 'e1' });
    expect(r2.at(-1)).toMatchObject({ round: 2, runoff: true, options: ['c1', 'c2', 'c3', 'abstain'] });
    elect(s, 'e1', 2, { mayor: 'c1', 'gruen-1': 'c1', 'gruen-2': 'c2', 'buerger-1': 'c2', 'buerger-2': 'c3', 'links-1': 'abstain' });
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    expect(s.procedure.elections.get('e1')?.pending).toEqual({ kind: 'lot', tied: ['c1', 'c2'], seatsLeft: 1 });
    const random = `${'0'.repeat(63)}3`;
    expect(run(s, { type: 'drawLot', electionId: 'e1', draw: { method: 'system', randomValue: random } })).toEqual([
      { type: 'ElectionLotDrawn', electionId: 'e1', round: 2, method: 'system', tied: ['c1', 'c2'], seatsLeft: 1, randomValue: random, winners: ['c2'] },
    ]);
    expect(s.procedure.elections.get('e1')).toMatchObject({ status: 'done', result: { kind: 'elected', candidateId: 'c2' } });
  });

  it('an open round keeps the item on the screens; recording the lack of quorum ends the election without result', () => {
    const s = fullRoom();
    prepare(s, [{ memberId: 'gruen-1' }, { memberId: 'buerger-1' }]);
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    expect(refusal(() => run(s, { type: 'selectItem', itemId: 'top-1' })).code).toBe('election-busy');
    const events = run(s, { type: 'recordQuorumLack' });
    expect(events.map((e) => e.type)).toEqual(['ElectionCancelled', 'QuorumLackRecorded']);
    expect(s.procedure.elections.get('e1')).toMatchObject({ status: 'cancelled', result: null });
    expect(s.procedure.openElectionId).toBeNull();
    expect(refusal(() => run(s, { type: 'openElectionRound', electionId: 'e1' })).code).toBe('quorum-lacking');
  });

  it('a physical draw: the chair enters the winner, who must be one of the tied', () => {
    const s = fullRoom();
    prepare(s, [{ memberId: 'gruen-1' }, { memberId: 'buerger-1' }]);
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    elect(s, 'e1', 1, { mayor: 'c1', 'gruen-1': 'c2' });
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    elect(s, 'e1', 2, { mayor: 'c1', 'gruen-1': 'c2' });
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    expect(refusal(() => run(s, { type: 'drawLot', electionId: 'e1', draw: { method: 'physical', winners: ['c3'] } })).code).toBe('lot-winners-invalid');
    expect(refusal(() => run(s, { type: 'drawLot', electionId: 'e1', draw: { method: 'physical', winners: ['c1', 'c2'] } })).code).toBe('lot-winners-invalid');
    run(s, { type: 'drawLot', electionId: 'e1', draw: { method: 'physical', winners: ['c1'] } });
    expect(s.procedure.elections.get('e1')?.result).toEqual({ kind: 'elected', candidateId: 'c1' });
  });

  it('a single candidate without a majority is not elected (no runoff)', () => {
    const s = fullRoom();
    prepare(s, [{ memberId: 'gruen-1' }]);
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    elect(s, 'e1', 1, { mayor: 'c1', 'gruen-1': 'c1', 'gruen-2': 'c1', 'buerger-1': 'no', 'buerger-2': 'no', 'links-1': 'no' });
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    expect(s.procedure.elections.get('e1')).toMatchObject({ status: 'done', result: { kind: 'not-elected' } });
    expect(refusal(() => run(s, { type: 'openElectionRound', electionId: 'e1' })).code).toBe('election-no-round-due');
  });

  it.each<{ name: string; candidates: { name?: string; memberId?: string }[]; code: string; extra?: Partial<Extract<Command, { type: 'prepareElection' }>> }>([
    { name: 'no nomination', candidates: [], code: 'candidates-invalid' },
    { name: 'unknown member', candidates: [{ memberId: 'nobody' }], code: 'member-unknown' },
    { name: 'duplicate name', candidates: [{ name: 'A B' }, { name: 'a b' }], code: 'candidates-invalid' },
    { name: 'blank name', candidates: [{ name: '  ' }], code: 'candidates-invalid' },
    { name: 'persons for two posts', candidates: [{ name: 'A' }], code: 'candidates-invalid', extra: { seats: 2 } },
    { name: 'joint list with two lists', candidates: [{ name: 'A' }, { name: 'B' }], code: 'candidates-invalid', extra: { mode: 'joint' } },
  ])('refused: $name', ({ candidates, code, extra }) => {
    const s = fullRoom();
    expect(refusal(() => prepare(s, candidates, extra)).code).toBe(code);
    expect(s.procedure.elections.size).toBe(0);
  });
});

describe('committee seats', () => {
  it('joint list: accepted unanimously (abstentions allowed), rejected by one "Nein"', () => {
    for (const [choices, accepted] of [
      [{ mayor: 'c1', 'gruen-1': 'c1', 'links-1': 'abstain' }, true],
      [{ mayor: 'c1', 'gruen-1': 'c1', 'links-1': 'no' }, false],
    ] as const) {
      const s = fullRoom();
      prepare(s, [{ name: 'Einheitlicher Wahlvorschlag Hauptausschuss' }], { mode: 'joint', seats: 9 });
      run(s, { type: 'openElectionRound', electionId: 'e1' });
      elect(s, 'e1', 1, choices);
      run(s, { type: 'closeElectionRound', electionId: 'e1' });
      expect(s.procedure.elections.get('e1')?.result).toEqual({ kind: 'joint', accepted });
    }
  });

  it('lists, Hare-Niemeyer, with a lot on equal remainders', () => {
    const s = fullRoom();
    prepare(s, [{ name: 'Liste GL', factionId: 'gruen' }, { name: 'Liste BB', factionId: 'buerger' }, { name: 'Liste SL', factionId: 'links' }], {
      mode: 'lists',
      seats: 3,
      method: 'hare-niemeyer',
    });
    run(s, { type: 'openElectionRound', electionId: 'e1' });
    expect(s.procedure.elections.get('e1')?.rounds[0]?.options).toEqual(['c1', 'c2', 'c3', 'abstain']);
    // 2 : 2 : 1 of 5 votes, 3 seats: quotas 1.2, 1.2, 0.6 -> 1, 1, and the last seat to SL (.6)
    elect(s, 'e1', 1, { mayor: 'c1', 'gruen-1': 'c1', 'gruen-2': 'c2', 'buerger-1': 'c2', 'links-1': 'c3' });
    run(s, { type: 'closeElectionRound', electionId: 'e1' });
    expect(s.procedure.elections.get('e1')?.result).toEqual({ kind: 'seats', seats: { c1: 1, c2: 1, c3: 1 } });

    const t = fullRoom();
    prepare(t, [{ name: 'Liste GL' }, { name: 'Liste BB' }], { mode: 'lists', seats: 3, method: 'dhondt' });
    run(t, { type: 'openElectionRound', electionId: 'e1' });
    elect(t, 'e1', 1, { mayor: 'c1', 'gruen-1': 'c1', 'gruen-2': 'c2', 'buerger-1': 'c2' });
    run(t, { type: 'closeElectionRound', electionId: 'e1' });
    expect(t.procedure.elections.get('e1')?.pending).toEqual({ kind: 'lot', tied: ['c1', 'c2'], seatsLeft: 1 });
    run(t, { type: 'drawLot', electionId: 'e1', draw: { method: 'system', randomValue: `${'0'.repeat(63)}1` } });
    expect(t.procedure.elections.get('e1')?.result).toEqual({ kind: 'seats', seats: { c1: 1, c2: 2 } });
  });
});
