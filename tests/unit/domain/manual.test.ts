import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/domain/decide';
import type { CouncilState } from '../../../server/domain/state';
import { chairView } from '../../../server/domain/views';
import type { ErrorCode } from '../../../server/protocol/errors';
import { AT, EMPTY_SEAT, SEAT, checkIn, council, fullRoom, openVote, refusal, run, vote, voteAll } from './fixtures';

const manualBallot = (memberId: string, choice: 'yes' | 'no' | 'abstain' = 'yes', key = `manual-${memberId}`): Command => ({
  type: 'manualBallot',
  voteId: 'v1',
  memberId,
  choice,
  key,
  by: 'clerk',
  reason: 'Tablet ausgefallen',
});

interface RefusalCase {
  name: string;
  setup: () => CouncilState;
  command: Command;
  code: ErrorCode;
}

const withOpenVote = (kind: 'open' | 'named' | 'secret' = 'open') => () => {
  const s = fullRoom();
  openVote(s, { kind });
  return s;
};

const closedVote = () => {
  const s = fullRoom();
  openVote(s);
  voteAll(s, { mayor: 'yes', 'gruen-1': 'yes', 'gruen-2': 'yes', 'buerger-1': 'no', 'buerger-2': 'no' });
  run(s, { type: 'closeVote', voteId: 'v1' });
  return s;
};

describe('manual entries and corrections: refusals', () => {
  it.each<RefusalCase>([
    { name: 'manual ballot in a secret vote', setup: withOpenVote('secret'), command: manualBallot('gruen-1'), code: 'manual-secret-refused' },
    { name: 'manual ballot without a vote open', setup: fullRoom, command: manualBallot('gruen-1'), code: 'vote-unknown' },
    { name: 'manual ballot for an advisory member', setup: withOpenVote(), command: manualBallot('advisor'), code: 'advisory-only' },
    {
      name: 'manual ballot for a member who is not present',
      setup: () => {
        const s = council();
        checkIn(s, 'mayor', 'gruen-2', 'buerger-1', 'buerger-2');
        openVote(s);
        return s;
      },
      command: manualBallot('gruen-1'),
      code: 'member-not-present',
    },
    { name: 'manual ballot without a reason', setup: withOpenVote(), command: { ...manualBallot('gruen-1'), reason: ' ' } as Command, code: 'reason-required' },
    {
      name: 'manual check-in of a present member',
      setup: fullRoom,
      command: { type: 'manualCheckIn', memberId: 'gruen-1', seatId: EMPTY_SEAT, by: 'clerk' },
      code: 'member-at-other-seat',
    },
    {
      name: 'manual check-in at an occupied seat',
      setup: () => {
        const s = council();
        checkIn(s, 'gruen-2');
        return s;
      },
      command: { type: 'manualCheckIn', memberId: 'gruen-1', seatId: SEAT['gruen-2'], by: 'clerk' },
      code: 'seat-occupied',
    },
    { name: 'manual check-out of an absent member', setup: council, command: { type: 'manualCheckOut', memberId: 'gruen-1', by: 'clerk' }, code: 'member-not-present' },
    { name: 'correcting an open vote', setup: withOpenVote(), command: { type: 'correctResult', voteId: 'v1', tally: { yes: 1, no: 0, abstain: 0 }, reason: 'x', by: 'clerk' }, code: 'vote-not-closed' },
    { name: 'a correction without reason', setup: closedVote, command: { type: 'correctResult', voteId: 'v1', tally: { yes: 1, no: 0, abstain: 0 }, reason: '', by: 'clerk' }, code: 'reason-required' },
    { name: 'a correction that changes nothing', setup: closedVote, command: { type: 'correctResult', voteId: 'v1', tally: { yes: 3, no: 2, abstain: 0 }, reason: 'x', by: 'clerk' }, code: 'correction-unchanged' },
    { name: 'a correction with more votes than eligible', setup: closedVote, command: { type: 'correctResult', voteId: 'v1', tally: { yes: 5, no: 2, abstain: 0 }, reason: 'x', by: 'clerk' }, code: 'correction-exceeds-eligible' },
  ])('$name', ({ setup, command, code }) => {
    const s = setup();
    const seq = s.seq;
    expect(refusal(() => run(s, command)).code).toBe(code);
    expect(s.seq).toBe(seq);
  });
});

describe('manual entries: events', () => {
  it('a manual ballot is an attributed BallotCast marked manual, counted like any other', () => {
    const s = fullRoom();
    openVote(s, { kind: 'named' });
    expect(run(s, manualBallot('gruen-1', 'no'))).toEqual([
      {
        type: 'BallotCast',
        voteId: 'v1',
        memberId: 'gruen-1',
        seatId: SEAT['gruen-1'],
        choice: 'no',
        key: 'manual-gruen-1',
        manual: { by: 'clerk', reason: 'Tablet ausgefallen' },
      },
    ]);
    expect(s.votes.get('v1')?.ballots.get('gruen-1')?.manual).toEqual({ by: 'clerk', reason: 'Tablet ausgefallen' });
    vote(s, 'mayor', 'yes');
    run(s, { type: 'closeVote', voteId: 'v1' });
    expect(s.votes.get('v1')?.outcome?.tally).toEqual({ yes: 1, no: 1, abstain: 0 });
  });

  it('manual check-in and check-out are marked with who entered them', () => {
    const s = council();
    expect(run(s, { type: 'manualCheckIn', memberId: 'gruen-1', seatId: SEAT['gruen-1'], by: 'clerk', reason: 'Karte vergessen' })).toEqual([
      { type: 'CheckedIn', memberId: 'gruen-1', seatId: SEAT['gruen-1'], cardUid: null, manual: { by: 'clerk', reason: 'Karte vergessen' } },
    ]);
    expect(chairView(s).attendance.find((r) => r.member.id === 'gruen-1')).toMatchObject({ present: true, manual: true });
    // a card removed elsewhere does not end a manual check-in
    expect(run(s, { type: 'removeCard', seatId: SEAT['gruen-1'] })).toEqual([]);
    expect(run(s, { type: 'manualCheckOut', memberId: 'gruen-1', by: 'chair' })).toEqual([
      { type: 'CheckedOut', memberId: 'gruen-1', seatId: SEAT['gruen-1'], reason: 'manual', manual: { by: 'chair', reason: null } },
    ]);
    expect(s.spans.at(-1)).toMatchObject({ memberId: 'gruen-1', to: AT, reasonOut: 'manual' });
  });

  it('a correction keeps the recorded result, recomputes the majority, and chains to the last correction', () => {
    const s = closedVote();
    const recorded = s.votes.get('v1')?.outcome;
    const first = run(s, { type: 'correctResult', voteId: 'v1', tally: { yes: 2, no: 3, abstain: 0 }, reason: 'Zählfehler', by: 'clerk' });
    expect(first).toEqual([
      {
        type: 'ResultCorrected',
        voteId: 'v1',
        tally: { yes: 2, no: 3, abstain: 0 },
        passed: false,
        neededYes: 4,
        previous: { tally: { yes: 3, no: 2, abstain: 0 }, passed: true },
        reason: 'Zählfehler',
        by: 'clerk',
      },
    ]);
    const second = run(s, { type: 'correctResult', voteId: 'v1', tally: { yes: 3, no: 1, abstain: 1 }, reason: 'Nachzählung', by: 'chair' });
    expect(second[0]).toMatchObject({ previous: { tally: { yes: 2, no: 3, abstain: 0 }, passed: false }, passed: true });
    expect(s.votes.get('v1')?.outcome).toEqual(recorded);
    expect(s.corrections.get('v1')?.map((c) => c.reason)).toEqual(['Zählfehler', 'Nachzählung']);
  });

  it('a correction of a secret vote is allowed: it concerns only the counts', () => {
    const s = fullRoom();
    openVote(s, { kind: 'secret' });
    voteAll(s, { mayor: 'yes', 'gruen-1': 'no' });
    run(s, { type: 'closeVote', voteId: 'v1' });
    expect(run(s, { type: 'correctResult', voteId: 'v1', tally: { yes: 2, no: 0, abstain: 0 }, reason: 'Stimmzettel nachgezählt', by: 'chair' })).toHaveLength(1);
  });
});
