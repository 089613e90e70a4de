import { describe, it, expect } from 'vitest';
import { DomainError } from '../../../server/domain/errors';
import type { CouncilState } from '../../../server/domain/state';
import { chairView, displayView, resultView, seatView, type ResultAudience } from '../../../server/domain/views';
import type { Choice, VoteKind } from '../../../server/protocol/common';
import type { SeatView } from '../../../server/protocol/views';
import {
  EMPTY_SEAT,
  SEAT,
  ballot,
  fullRoom,
  openVote,
  openVoteCommand,
  run,
  vote,
  voteAll,
  type MemberKey,
} from './fixtures';

const OPTS = { demo: false, reader: 'connected' } as const;
const LATER = '2026-03-12T17:05:00.000Z';

function seat(state: CouncilState, seatId: number): SeatView {
  const view = seatView(state, seatId, OPTS);
  if (!view) throw new Error(`no view for seat ${seatId}`);
  return view;
}

describe('seatView during an open vote', () => {
  it.each<{
    name: string;
    kind?: VoteKind;
    before?: (s: CouncilState) => void;
    seatId: number;
    member: { id: MemberKey; votingRight: string } | null;
    eligible: boolean;
    reason: string | null;
    myBallot: { choice: string | null; at: string } | null;
  }>([
    { name: 'an empty seat', seatId: EMPTY_SEAT, member: null, eligible: false, reason: 'not-checked-in', myBallot: null },
    { name: 'an advisory member', seatId: SEAT.advisor, member: { id: 'advisor', votingRight: 'advisory' }, eligible: false, reason: 'advisory-only', myBallot: null },
    {
      name: 'a member excluded for bias',
      before: (s) => run(s, { type: 'setBias', itemId: 'top-1', memberId: 'gruen-2', excluded: true }),
      seatId: SEAT['gruen-2'],
      member: { id: 'gruen-2', votingRight: 'full' },
      eligible: false,
      reason: 'excluded-bias',
      myBallot: null,
    },
    { name: 'a member who has not voted yet', seatId: SEAT['gruen-1'], member: { id: 'gruen-1', votingRight: 'full' }, eligible: true, reason: null, myBallot: null },
    {
      name: 'a member after voting in an open vote sees the choice',
      before: (s) => run(s, ballot('gruen-1', 'no'), LATER),
      seatId: SEAT['gruen-1'],
      member: { id: 'gruen-1', votingRight: 'full' },
      eligible: true,
      reason: null,
      myBallot: { choice: 'no', at: LATER },
    },
    {
      name: 'a member after voting in a secret vote sees only that they voted',
      kind: 'secret',
      before: (s) => run(s, ballot('gruen-1', 'no'), LATER),
      seatId: SEAT['gruen-1'],
      member: { id: 'gruen-1', votingRight: 'full' },
      eligible: true,
      reason: null,
      myBallot: { choice: null, at: LATER },
    },
  ])('$name', ({ kind, before, seatId, member, eligible, reason, myBallot }) => {
    const s = fullRoom();
    openVote(s, { kind: kind ?? 'open' });
    before?.(s);
    const view = seat(s, seatId);
    expect(view.member === null ? null : { id: view.member.id, votingRight: view.member.votingRight }).toEqual(member);
    expect(view.vote).toMatchObject({ eligible, ineligibleReason: reason, myBallot });
  });

  it('an unknown seat has no view', () => {
    expect(seatView(fullRoom(), 99, OPTS)).toBeNull();
  });

  it('no vote open: vote is null', () => {
    expect(seat(fullRoom(), SEAT.mayor).vote).toBeNull();
  });
});

describe('displayView and the non-public part', () => {
  it('a public item shows the item and the vote in progress', () => {
    const s = fullRoom();
    openVote(s);
    vote(s, 'mayor', 'yes');
    const d = displayView(s);
    expect(d).toMatchObject({ nonPublic: false, item: { id: 'top-1' }, vote: { cast: 1, eligible: 6 } });
  });

  it.each([
    { name: 'while the vote is open', close: false },
    { name: 'after it is closed', close: true },
  ])('a non-public item shows nothing of it $name', ({ close }) => {
    const s = fullRoom();
    run(s, { type: 'selectItem', itemId: 'top-3' });
    run(s, { ...openVoteCommand({ itemId: 'top-3' }), title: 'Verkauf Flur 7', motion: 'an die Geheim GmbH' });
    vote(s, 'mayor', 'yes');
    if (close) run(s, { type: 'closeVote', voteId: 'v1' });
    const d = displayView(s);
    expect(d).toMatchObject({ item: null, nonPublic: true, vote: null, result: null });
    expect(JSON.stringify(d)).not.toMatch(/Flur 7|Geheim|top-3/);
  });

  // opening a vote on another item calls that item; the display also checks the vote's own item
  it('a vote on a non-public item never shows on the display, whichever item is selected', () => {
    const s = fullRoom(); // top-1 (public) selected
    try {
      run(s, { ...openVoteCommand({ itemId: 'top-3' }), title: 'Verkauf Flur 7', motion: 'an die Geheim GmbH' });
    } catch (error) {
      // refusing to open a vote on an item other than the current one is a fix too
      if (error instanceof DomainError) return;
      throw error;
    }
    const d = displayView(s);
    expect(d.vote).toBeNull();
    expect(JSON.stringify(d)).not.toMatch(/Flur 7|Geheim|top-3/);
  });
});

describe('chairView: who has not voted yet', () => {
  it.each<{ kind: VoteKind; notVoted: string[] | null }>([
    { kind: 'open', notVoted: ['gruen-2', 'buerger-1', 'buerger-2', 'links-1'] },
    { kind: 'named', notVoted: ['gruen-2', 'buerger-1', 'buerger-2', 'links-1'] },
    { kind: 'secret', notVoted: null },
  ])('$kind vote -> $notVoted', ({ kind, notVoted }) => {
    const s = fullRoom();
    openVote(s, { kind });
    voteAll(s, { mayor: 'yes', 'gruen-1': 'no' });
    const v = chairView(s).vote;
    expect(v?.notVoted?.map((m) => m.id) ?? null).toEqual(notVoted);
    expect(v).toMatchObject({ cast: 2, eligible: 6 });
  });
});

describe('resultView: who sees individual choices (RULES.md §4)', () => {
  const ALL_CHOICES = ['buerger-1:no', 'gruen-1:yes', 'mayor:yes'];

  it.each<{ kind: VoteKind; audience: ResultAudience; showIndividualOpenVotes: boolean; named: string[] | null }>([
    { kind: 'named', audience: 'public', showIndividualOpenVotes: false, named: ALL_CHOICES },
    { kind: 'named', audience: 'chair', showIndividualOpenVotes: false, named: ALL_CHOICES },
    { kind: 'open', audience: 'chair', showIndividualOpenVotes: false, named: ALL_CHOICES },
    { kind: 'open', audience: 'public', showIndividualOpenVotes: false, named: null },
    { kind: 'open', audience: 'public', showIndividualOpenVotes: true, named: ALL_CHOICES },
    { kind: 'secret', audience: 'chair', showIndividualOpenVotes: true, named: null },
    { kind: 'secret', audience: 'public', showIndividualOpenVotes: true, named: null },
  ])('$kind vote, $audience, showIndividualOpenVotes $showIndividualOpenVotes', ({ kind, audience, showIndividualOpenVotes, named }) => {
    const s = fullRoom({ showIndividualOpenVotes });
    openVote(s, { kind });
    voteAll(s, { mayor: 'yes', 'buerger-1': 'no', 'gruen-1': 'yes' });
    run(s, { type: 'closeVote', voteId: 'v1' });
    const v = s.votes.get('v1');
    if (!v) throw new Error('vote missing');
    const r = resultView(s, v, audience);
    expect(r?.named?.map((n) => `${n.member.id}:${n.choice}`) ?? null).toEqual(named);
    expect(r).toMatchObject({ tally: { yes: 2, no: 1, abstain: 0 }, participants: 3, passed: true });
  });

  it('byFaction rows carry faction names; the factionless row is "Fraktionslos"', () => {
    const s = fullRoom();
    openVote(s);
    voteAll(s, { mayor: 'yes', 'buerger-1': 'no' });
    run(s, { type: 'closeVote', voteId: 'v1' });
    const v = s.votes.get('v1');
    if (!v) throw new Error('vote missing');
    expect(resultView(s, v, 'public')?.byFaction?.map((r) => [r.shortName, r.yes, r.no])).toEqual([
      ['BB', 0, 1],
      ['fraktionslos', 1, 0],
    ]);
  });

  it('an open vote has no result yet', () => {
    const s = fullRoom();
    openVote(s);
    const v = s.votes.get('v1');
    if (!v) throw new Error('vote missing');
    expect(resultView(s, v, 'chair')).toBeNull();
  });
});

describe('secrecy: no view shows any choice while a secret vote is open (RULES.md §5)', () => {
  // any choice as a JSON string or key: "yes", "no": 3, ... (own choices of a secret vote are null too)
  const CHOICE_IN_JSON = /"(yes|no|abstain)"/;
  const SEATS = [1, 2, 3, 4, 5, 6, 7, 8];
  const allViews = (s: CouncilState) => [...SEATS.map((id) => seat(s, id)), displayView(s), chairView(s)];

  it.each<{ ballots: [MemberKey, Choice][] }>([
    { ballots: [['mayor', 'yes']] },
    { ballots: [['mayor', 'yes'], ['gruen-1', 'no']] },
    { ballots: [['mayor', 'yes'], ['gruen-1', 'no'], ['gruen-2', 'abstain'], ['buerger-1', 'yes']] },
  ])('after $ballots.length ballot(s): every seat, the display and the chair hold no choice', ({ ballots }) => {
    const s = fullRoom();
    openVote(s, { kind: 'secret' });
    for (const [member, choice] of ballots) {
      vote(s, member, choice);
      for (const view of allViews(s)) expect(JSON.stringify(view)).not.toMatch(CHOICE_IN_JSON);
    }
  });

  it('the check is not vacuous: after the close the tally is in every seat view', () => {
    const s = fullRoom();
    openVote(s, { kind: 'secret' });
    vote(s, 'mayor', 'yes');
    run(s, { type: 'closeVote', voteId: 'v1' });
    for (const id of SEATS) expect(JSON.stringify(seat(s, id))).toMatch(CHOICE_IN_JSON);
  });
});
