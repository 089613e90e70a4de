import { describe, it, expect } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import { DomainError } from '../../../server/domain/errors';
import type { DomainEvent } from '../../../server/domain/events';
import type { VoteOutcome } from '../../../server/domain/rules/result';
import type { CouncilState } from '../../../server/domain/state';
import type { MajorityRule } from '../../../server/protocol/common';
import type { ErrorCode } from '../../../server/protocol/errors';
import {
  EMPTY_SEAT,
  SEAT,
  ballot,
  checkIn,
  checkOut,
  council,
  fullRoom,
  openVote,
  openVoteCommand,
  refusal,
  run,
  vote,
  voteAll,
} from './fixtures';

interface Refusal {
  name: string;
  before?: (s: CouncilState) => void;
  command: Command;
  code: ErrorCode;
  params?: Record<string, string | number>;
}

/** Runs each case on a full room (everyone checked in, top-1 selected) and expects a refusal that changes nothing. */
function expectRefusal({ before, command, code, params }: Refusal, start: () => CouncilState = () => fullRoom()): void {
  const state = start();
  before?.(state);
  const seq = state.seq;
  const error = refusal(() => run(state, command));
  expect(error.code).toBe(code);
  if (params) expect(error.params).toEqual(params);
  expect(state.seq).toBe(seq);
}

function closed(state: CouncilState, voteId = 'v1'): VoteOutcome {
  const [event] = run(state, { type: 'closeVote', voteId });
  if (event?.type !== 'VoteClosed') throw new Error(`expected VoteClosed, got ${event?.type}`);
  return event.outcome;
}

describe('openVote and quorum: refusals', () => {
  it.each<Refusal>([
    { name: 'unknown item', command: openVoteCommand({ itemId: 'top-99' }), code: 'item-unknown', params: { item: 'top-99' } },
    { name: 'a second vote while one is open', before: (s) => openVote(s), command: openVoteCommand({ voteId: 'v2' }), code: 'vote-already-open' },
    {
      name: 'a vote id used before',
      before: (s) => {
        openVote(s);
        run(s, { type: 'closeVote', voteId: 'v1' });
      },
      command: openVoteCommand(),
      code: 'validation-failed',
    },
    { name: 'a blank title', command: { ...openVoteCommand(), title: '   ' }, code: 'validation-failed' },
    { name: 'after the lack of quorum is recorded', before: (s) => run(s, { type: 'recordQuorumLack' }), command: openVoteCommand(), code: 'quorum-lacking' },
    {
      name: 'recording the lack twice',
      before: (s) => run(s, { type: 'recordQuorumLack' }),
      command: { type: 'recordQuorumLack' },
      code: 'quorum-lack-already-recorded',
    },
    { name: 'clearing a lack nobody recorded', command: { type: 'clearQuorumLack' }, code: 'quorum-not-recorded-lacking' },
  ])('$name -> $code', (c) => expectRefusal(c));

  it.each<Refusal>([
    {
      name: 'clearing the lack with 3 of 4 needed present',
      before: (s) => checkIn(s, 'mayor', 'gruen-1', 'buerger-1'),
      command: { type: 'clearQuorumLack' },
      code: 'quorum-not-restored',
      params: { present: 3, threshold: 4 },
    },
    {
      name: 'clearing the lack: an advisory member does not count',
      before: (s) => checkIn(s, 'mayor', 'gruen-1', 'buerger-1', 'advisor'),
      command: { type: 'clearQuorumLack' },
      code: 'quorum-not-restored',
      params: { present: 3, threshold: 4 },
    },
  ])('$name -> $code', (c) =>
    expectRefusal(c, () => {
      const s = council();
      run(s, { type: 'recordQuorumLack' });
      return s;
    }),
  );
});

describe('quorum: a recorded lack blocks votes until quorum is recorded again', () => {
  it('record (3 present) -> open refused -> 4th arrives -> clear -> open accepted', () => {
    const s = council();
    checkIn(s, 'mayor', 'gruen-1', 'buerger-1', 'advisor');
    expect(run(s, { type: 'recordQuorumLack' })).toEqual([{ type: 'QuorumLackRecorded', present: 3, threshold: 4 }]);
    expect(refusal(() => run(s, openVoteCommand())).code).toBe('quorum-lacking');
    checkIn(s, 'links-1');
    expect(run(s, { type: 'clearQuorumLack' })).toEqual([{ type: 'QuorumLackCleared', present: 4, threshold: 4 }]);
    expect(run(s, openVoteCommand()).map((e) => e.type)).toEqual(['ItemSelected', 'VoteOpened']);
  });

  it('without a recorded lack, a vote opens even when not quorate (the count only warns)', () => {
    const s = council();
    checkIn(s, 'mayor');
    expect(run(s, openVoteCommand()).map((e) => e.type)).toEqual(['ItemSelected', 'VoteOpened']);
  });
});

describe('quorum: a lack recorded while a vote is open', () => {
  // RULES.md §1: once the lack of quorum is recorded no vote proceeds; an open vote is cancelled.
  it('takes no more ballots and cannot pass', () => {
    const s = fullRoom();
    openVote(s);
    vote(s, 'mayor', 'yes');
    for (const m of ['gruen-1', 'gruen-2', 'buerger-1'] as const) checkOut(s, m);
    run(s, { type: 'recordQuorumLack' }); // 3 present, 4 needed
    expect(['quorum-lacking', 'vote-not-open']).toContain(refusal(() => run(s, ballot('links-1', 'yes'))).code);
    let passed = false;
    try {
      passed = closed(s).passed;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
    expect(passed).toBe(false);
  });
});

describe('castBallot: refusals', () => {
  const open = (s: CouncilState) => openVote(s);
  const openSecret = (s: CouncilState) => openVote(s, { kind: 'secret' });
  it.each<Refusal>([
    { name: 'from an empty seat', before: open, command: { ...ballot('mayor', 'yes'), seatId: EMPTY_SEAT }, code: 'not-checked-in' },
    { name: 'from an unknown seat', before: open, command: { ...ballot('mayor', 'yes'), seatId: 99 }, code: 'seat-unknown' },
    { name: 'by an advisory member', before: open, command: ballot('advisor', 'yes'), code: 'advisory-only' },
    {
      name: 'by a member excluded for bias',
      before: (s) => {
        run(s, { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true });
        open(s);
      },
      command: ballot('gruen-1', 'yes'),
      code: 'excluded-bias',
    },
    {
      name: 'after the vote is closed',
      before: (s) => {
        open(s);
        run(s, { type: 'closeVote', voteId: 'v1' });
      },
      command: ballot('gruen-1', 'yes'),
      code: 'vote-not-open',
    },
    {
      name: 'after the vote is cancelled',
      before: (s) => {
        open(s);
        run(s, { type: 'cancelVote', voteId: 'v1', reason: 'Störung der Technik' });
      },
      command: ballot('gruen-1', 'yes'),
      code: 'vote-not-open',
    },
    { name: 'for an unknown vote', before: open, command: ballot('gruen-1', 'yes', { voteId: 'v9' }), code: 'vote-unknown' },
    {
      name: 'with a key another member used',
      before: (s) => {
        open(s);
        vote(s, 'gruen-1', 'yes', { key: 'shared-key-1' });
      },
      command: ballot('gruen-2', 'yes', { key: 'shared-key-1' }),
      code: 'duplicate-key',
    },
    {
      name: 'by a member who voted and left (cannot change while away)',
      before: (s) => {
        open(s);
        vote(s, 'gruen-1', 'yes');
        checkOut(s, 'gruen-1');
      },
      command: ballot('gruen-1', 'no'),
      code: 'not-checked-in',
    },
    {
      name: 'secret: a second ballot with a new key',
      before: (s) => {
        openSecret(s);
        vote(s, 'gruen-1', 'yes', { key: 'first-attempt' });
      },
      command: ballot('gruen-1', 'no', { key: 'second-attempt' }),
      code: 'secret-ballot-final',
    },
  ])('$name -> $code', (c) => expectRefusal(c));
});

describe('castBallot: open vote', () => {
  it('records a BallotCast with the choice', () => {
    const s = fullRoom();
    openVote(s);
    expect(vote(s, 'gruen-1', 'no', { key: 'key-0001' })).toEqual([
      { type: 'BallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: SEAT['gruen-1'], choice: 'no', key: 'key-0001' },
    ]);
  });

  it('changing the choice records a new BallotCast and only the last one counts', () => {
    const s = fullRoom();
    openVote(s);
    vote(s, 'gruen-1', 'no', { key: 'key-0001' });
    expect(vote(s, 'gruen-1', 'yes', { key: 'key-0002' })).toEqual([
      { type: 'BallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: SEAT['gruen-1'], choice: 'yes', key: 'key-0002' },
    ]);
    const outcome = closed(s);
    expect(outcome.tally).toEqual({ yes: 1, no: 0, abstain: 0 });
    expect(outcome.participants).toBe(1);
  });

  it.each([
    { name: 'with the same choice', retry: 'no' as const },
    { name: 'with another choice (a retry is not a change)', retry: 'yes' as const },
  ])('the same key again $name records nothing', ({ retry }) => {
    const s = fullRoom();
    openVote(s);
    vote(s, 'gruen-1', 'no', { key: 'key-0001' });
    expect(vote(s, 'gruen-1', retry, { key: 'key-0001' })).toEqual([]);
    expect(closed(s).tally).toEqual({ yes: 0, no: 1, abstain: 0 });
  });
});

describe('castBallot: secret vote', () => {
  function secretRoom() {
    const s = fullRoom();
    openVote(s, { kind: 'secret' });
    const events = vote(s, 'gruen-1', 'no', { key: 'key-0001' });
    return { s, events };
  }

  it('produces a SecretBallotCast and an UrnDeposit', () => {
    expect(secretRoom().events).toEqual([
      { type: 'SecretBallotCast', voteId: 'v1', memberId: 'gruen-1', seatId: SEAT['gruen-1'], key: 'key-0001' },
      { type: 'UrnDeposit', voteId: 'v1', choice: 'no' },
    ]);
  });

  it('the SecretBallotCast has no choice field and the UrnDeposit no member', () => {
    const [cast, urn] = secretRoom().events;
    expect(cast !== undefined && 'choice' in cast).toBe(false);
    expect(urn !== undefined && ('memberId' in urn || 'seatId' in urn || 'key' in urn)).toBe(false);
  });

  it('the state keeps participants and counts, no ballots', () => {
    const { s } = secretRoom();
    const v = s.votes.get('v1');
    expect(v?.ballots.size).toBe(0);
    expect([...(v?.participants.keys() ?? [])]).toEqual(['gruen-1']);
    expect(v?.secretTally).toEqual({ yes: 0, no: 1, abstain: 0 });
  });

  it('the same key again records nothing', () => {
    const { s } = secretRoom();
    expect(vote(s, 'gruen-1', 'no', { key: 'key-0001' })).toEqual([]);
  });

  it('closing counts the urn and names nobody', () => {
    const { s } = secretRoom();
    voteAll(s, { mayor: 'yes', 'gruen-2': 'yes', 'links-1': 'abstain' });
    expect(closed(s)).toMatchObject({ tally: { yes: 2, no: 1, abstain: 1 }, participants: 4, byFaction: null, choices: null, passed: true });
  });
});

describe('leaving after voting', () => {
  it('the ballot stays counted and the member stays eligible; one who left without voting is not', () => {
    const s = fullRoom();
    openVote(s);
    vote(s, 'gruen-1', 'yes');
    checkOut(s, 'gruen-1');
    checkOut(s, 'buerger-1');
    // 6 full members, buerger-1 gone without voting -> 5 eligible (gruen-1 included); 4 present
    expect(closed(s)).toMatchObject({ tally: { yes: 1, no: 0, abstain: 0 }, participants: 1, eligible: 5, present: 4, passed: true });
  });
});

describe('setBias', () => {
  it.each<Refusal>([
    {
      name: 'excluding a member who already voted in the open vote on that item',
      before: (s) => {
        openVote(s);
        vote(s, 'gruen-1', 'yes');
      },
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true },
      code: 'member-already-voted',
      params: { name: 'Bernd Brinkmann' },
    },
    {
      name: 'excluding a member who already voted in a secret vote on that item',
      before: (s) => {
        openVote(s, { kind: 'secret' });
        vote(s, 'gruen-1', 'yes');
      },
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true },
      code: 'member-already-voted',
    },
    {
      name: 'excluding twice',
      before: (s) => run(s, { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true }),
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true },
      code: 'bias-unchanged',
    },
    {
      name: 'lifting an exclusion that was never set',
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: false },
      code: 'bias-unchanged',
    },
    { name: 'an unknown member', command: { type: 'setBias', itemId: 'top-1', memberId: 'nobody', excluded: true }, code: 'member-unknown' },
    { name: 'an unknown item', command: { type: 'setBias', itemId: 'top-99', memberId: 'gruen-1', excluded: true }, code: 'item-unknown' },
  ])('$name -> $code', (c) => expectRefusal(c));

  it.each<{ name: string; before?: (s: CouncilState) => void; command: Command; events: DomainEvent[] }>([
    {
      name: 'excluding records BiasSet with the trimmed reason',
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true, reason: '  Grundstücksnachbar  ' },
      events: [{ type: 'BiasSet', itemId: 'top-1', memberId: 'gruen-1', excluded: true, reason: 'Grundstücksnachbar' }],
    },
    {
      name: 'a blank reason is recorded as null',
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true, reason: '  ' },
      events: [{ type: 'BiasSet', itemId: 'top-1', memberId: 'gruen-1', excluded: true, reason: null }],
    },
    {
      name: 'excluding on another item than the open vote is allowed after voting',
      before: (s) => {
        openVote(s);
        vote(s, 'gruen-1', 'yes');
      },
      command: { type: 'setBias', itemId: 'top-2', memberId: 'gruen-1', excluded: true },
      events: [{ type: 'BiasSet', itemId: 'top-2', memberId: 'gruen-1', excluded: true, reason: null }],
    },
    {
      name: 'lifting an exclusion',
      before: (s) => run(s, { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: true }),
      command: { type: 'setBias', itemId: 'top-1', memberId: 'gruen-1', excluded: false },
      events: [{ type: 'BiasSet', itemId: 'top-1', memberId: 'gruen-1', excluded: false, reason: null }],
    },
  ])('$name', ({ before, command, events }) => {
    const s = fullRoom();
    before?.(s);
    expect(run(s, command)).toEqual(events);
  });
});

describe('closeVote: the outcome of yes 3, no 2, abstain 1', () => {
  function closeWith(majority: MajorityRule) {
    const s = fullRoom();
    openVote(s, { majority });
    // cast out of member-id order on purpose
    voteAll(s, { 'links-1': 'abstain', 'buerger-2': 'no', mayor: 'yes', 'gruen-2': 'yes', 'buerger-1': 'no', 'gruen-1': 'yes' });
    return closed(s);
  }

  it.each([
    { majority: { kind: 'simple' } as const, neededYes: 3, passed: true },
    { majority: { kind: 'absoluteLegal' } as const, neededYes: 4, passed: false },
  ])('$majority.kind: needs $neededYes -> passed $passed', ({ majority, neededYes, passed }) => {
    const o = closeWith(majority);
    expect(o.tally).toEqual({ yes: 3, no: 2, abstain: 1 });
    expect(o).toMatchObject({ participants: 6, eligible: 6, present: 6, legalMembers: 7, passed });
    expect(o.required.neededYes).toBe(neededYes);
  });

  it('byFaction in register order, factionless last, summing to the tally', () => {
    const o = closeWith({ kind: 'simple' });
    expect(o.byFaction).toEqual([
      { factionId: 'gruen', yes: 2, no: 0, abstain: 0 },
      { factionId: 'buerger', yes: 0, no: 2, abstain: 0 },
      { factionId: 'links', yes: 0, no: 0, abstain: 1 },
      { factionId: null, yes: 1, no: 0, abstain: 0 },
    ]);
    const rows = o.byFaction ?? [];
    expect(['yes', 'no', 'abstain'].map((k) => rows.reduce((n, r) => n + r[k as 'yes' | 'no' | 'abstain'], 0))).toEqual([3, 2, 1]);
  });

  it('choices sorted by member id', () => {
    expect(closeWith({ kind: 'simple' }).choices?.map((c) => `${c.memberId}:${c.choice}`)).toEqual([
      'buerger-1:no',
      'buerger-2:no',
      'gruen-1:yes',
      'gruen-2:yes',
      'links-1:abstain',
      'mayor:yes',
    ]);
  });

  it('closing clears the open vote; cancelling needs a reason', () => {
    const s = fullRoom();
    openVote(s);
    expect(refusal(() => run(s, { type: 'cancelVote', voteId: 'v1', reason: '  ' })).code).toBe('reason-required');
    closed(s);
    expect(s.openVoteId).toBeNull();
    expect(refusal(() => run(s, { type: 'closeVote', voteId: 'v1' })).code).toBe('vote-not-open');
  });
});

describe('selectItem', () => {
  it.each<Refusal>([
    { name: 'another item while a vote is open', before: (s) => openVote(s), command: { type: 'selectItem', itemId: 'top-2' }, code: 'vote-already-open' },
    { name: 'an unknown item', command: { type: 'selectItem', itemId: 'top-99' }, code: 'item-unknown' },
  ])('$name -> $code', (c) => expectRefusal(c));

  it.each([
    { name: 'the item of the open vote', before: (s: CouncilState) => openVote(s), itemId: 'top-1' },
    {
      name: 'another item once the vote is closed',
      before: (s: CouncilState) => {
        openVote(s);
        run(s, { type: 'closeVote', voteId: 'v1' });
      },
      itemId: 'top-2',
    },
  ])('$name -> ItemSelected', ({ before, itemId }) => {
    const s = fullRoom();
    before(s);
    expect(run(s, { type: 'selectItem', itemId })).toEqual([{ type: 'ItemSelected', itemId }]);
    expect(s.currentItemId).toBe(itemId);
  });
});

describe('openVote calls its item', () => {
  it('on the current item: only VoteOpened; on another item: ItemSelected first', () => {
    const s = council();
    run(s, { type: 'selectItem', itemId: 'top-1' });
    expect(run(s, openVoteCommand({ itemId: 'top-1' })).map((e) => e.type)).toEqual(['VoteOpened']);
  });
});
