import type { Member } from '../protocol/register';
import type { Ineligibility } from '../protocol/views';
import { ineligibility } from './rules/eligibility';
import { quorum, type Quorum } from './rules/quorum';
import type { CouncilState, VoteRecord } from './state';

export function displayName(m: Member): string {
  return [m.title, m.firstName, m.lastName].filter(Boolean).join(' ');
}

export function legalMembers(state: CouncilState): number {
  return state.register?.body.legalMembers ?? 0;
}

/** Members with full voting right who are checked in (RULES.md §1: advisory voices do not count). */
export function presentWithVote(state: CouncilState): number {
  let n = 0;
  for (const a of state.attendance.values()) {
    if (state.members.get(a.memberId)?.votingRight === 'full') n += 1;
  }
  return n;
}

export function quorumOf(state: CouncilState): Quorum {
  return quorum(legalMembers(state), presentWithVote(state), state.quorumLackRecorded);
}

export function isExcluded(state: CouncilState, itemId: string, memberId: string): boolean {
  return state.bias.get(itemId)?.has(memberId) ?? false;
}

export function memberIneligibility(state: CouncilState, member: Member, itemId: string): Ineligibility | null {
  return ineligibility({
    checkedIn: state.attendance.has(member.id),
    votingRight: member.votingRight,
    excludedForBias: isExcluded(state, itemId, member.id),
  });
}

/**
 * Eligible for a vote: may vote now, or has voted and since left. A ballot cast while present
 * stays counted when the member leaves before the close (documented in README, "Voting rules").
 */
export function eligibleMembers(state: CouncilState, vote: VoteRecord): string[] {
  const ids: string[] = [];
  for (const m of state.members.values()) {
    if (vote.participants.has(m.id) || memberIneligibility(state, m, vote.itemId) === null) ids.push(m.id);
  }
  return ids;
}

export function openVote(state: CouncilState): VoteRecord | null {
  return state.openVoteId === null ? null : (state.votes.get(state.openVoteId) ?? null);
}

/** The latest closed vote of an item, if any. */
export function latestClosedVote(state: CouncilState, itemId: string): VoteRecord | null {
  for (let i = state.voteOrder.length - 1; i >= 0; i -= 1) {
    const v = state.votes.get(state.voteOrder[i] ?? '');
    if (v && v.itemId === itemId && v.status === 'closed') return v;
  }
  return null;
}
