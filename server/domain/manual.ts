import type { Choice, Tally } from '../protocol/common';
import { refuse } from './errors';
import type { DomainEvent, ManualEntry } from './events';
import { displayName, memberIneligibility } from './queries';
import { isActiveMember } from './register';
import { requiredMajority } from './rules/majority';
import type { CouncilState, VoteRecord } from './state';

/**
 * Entries made by hand for a member (their seat unit failed, the card was forgotten) and
 * corrections of a closed vote's result. Each is marked with who entered it; nothing recorded
 * is overwritten.
 */
export type ManualCommand =
  | { type: 'manualCheckIn'; memberId: string; seatId: number; by: ManualEntry['by']; reason?: string }
  | { type: 'manualCheckOut'; memberId: string; by: ManualEntry['by']; reason?: string }
  /** key: chosen by the server (an idempotency key like a seat's), so the ballot event looks like any other. */
  | { type: 'manualBallot'; voteId: string; memberId: string; choice: Choice; key: string; by: ManualEntry['by']; reason: string }
  | { type: 'correctResult'; voteId: string; tally: Tally; reason: string; by: ManualEntry['by'] };

const MANUAL_COMMANDS: ReadonlySet<string> = new Set<ManualCommand['type']>(['manualCheckIn', 'manualCheckOut', 'manualBallot', 'correctResult']);

export function isManualCommand(c: { type: string }): c is ManualCommand {
  return MANUAL_COMMANDS.has(c.type);
}

function requireMember(state: CouncilState, memberId: string) {
  const m = state.members.get(memberId);
  if (!m) refuse('member-unknown', { member: memberId });
  return m;
}

function entry(by: ManualEntry['by'], reason: string | undefined): ManualEntry {
  const r = reason?.trim();
  return { by, reason: r ? r : null };
}

/** The result as it stands: the latest correction, else the recorded outcome. */
export function currentResult(state: CouncilState, vote: VoteRecord): { tally: Tally; passed: boolean } | null {
  const last = state.corrections.get(vote.id)?.at(-1);
  if (last) return { tally: last.tally, passed: last.passed };
  return vote.outcome ? { tally: vote.outcome.tally, passed: vote.outcome.passed } : null;
}

export function decideManual(state: CouncilState, c: ManualCommand): DomainEvent[] {
  switch (c.type) {
    case 'manualCheckIn': {
      const m = requireMember(state, c.memberId);
      if (!isActiveMember(state, m)) refuse('member-inactive', { name: displayName(m) });
      const seat = state.seats.get(c.seatId);
      if (!seat) refuse('seat-unknown', { seat: c.seatId });
      const here = state.attendance.get(m.id);
      if (here) refuse('member-at-other-seat', { name: displayName(m), seat: state.seats.get(here.seatId)?.label ?? here.seatId });
      const occupantId = state.seatOccupant.get(c.seatId);
      const occupant = occupantId === undefined ? undefined : state.members.get(occupantId);
      if (occupant) refuse('seat-occupied', { name: displayName(occupant) });
      return [{ type: 'CheckedIn', memberId: m.id, seatId: c.seatId, cardUid: null, manual: entry(c.by, c.reason) }];
    }
    case 'manualCheckOut': {
      const m = requireMember(state, c.memberId);
      const here = state.attendance.get(m.id);
      if (!here) refuse('member-not-present', { name: displayName(m) });
      return [{ type: 'CheckedOut', memberId: m.id, seatId: here.seatId, reason: 'manual', manual: entry(c.by, c.reason) }];
    }
    case 'manualBallot':
      return manualBallot(state, c);
    case 'correctResult':
      return correctResult(state, c);
  }
}

function manualBallot(state: CouncilState, c: Extract<ManualCommand, { type: 'manualBallot' }>): DomainEvent[] {
  const vote = state.votes.get(c.voteId);
  if (!vote) refuse('vote-unknown');
  if (vote.status !== 'open') refuse('vote-not-open');
  // whoever enters a choice by hand learns it: that would break the secrecy of the ballot (RULES.md §5)
  if (vote.kind === 'secret') refuse('manual-secret-refused');
  const m = requireMember(state, c.memberId);
  const reason = c.reason.trim();
  if (reason === '') refuse('reason-required');
  const ineligible = memberIneligibility(state, m, vote.itemId);
  if (ineligible !== null) refuse(ineligible === 'not-checked-in' ? 'member-not-present' : ineligible, { name: displayName(m) });
  if (vote.keys.has(c.key)) refuse('duplicate-key');
  const here = state.attendance.get(m.id);
  if (!here) refuse('member-not-present', { name: displayName(m) });
  return [
    {
      type: 'BallotCast',
      voteId: vote.id,
      memberId: m.id,
      seatId: here.seatId,
      choice: c.choice,
      key: c.key,
      manual: { by: c.by, reason },
    },
  ];
}

function correctResult(state: CouncilState, c: Extract<ManualCommand, { type: 'correctResult' }>): DomainEvent[] {
  const vote = state.votes.get(c.voteId);
  if (!vote) refuse('vote-unknown');
  const o = vote.outcome;
  if (vote.status !== 'closed' || !o) refuse('vote-not-closed');
  const reason = c.reason.trim();
  if (reason === '') refuse('reason-required');
  const previous = currentResult(state, vote) ?? { tally: o.tally, passed: o.passed };
  const t = c.tally;
  if (t.yes === previous.tally.yes && t.no === previous.tally.no && t.abstain === previous.tally.abstain) refuse('correction-unchanged');
  const counted = t.yes + t.no + t.abstain;
  // nobody can have voted who was not eligible at the close
  if (counted > o.eligible) refuse('correction-exceeds-eligible', { counted, eligible: o.eligible });
  const required = requiredMajority(vote.majority, t, { legalMembers: o.legalMembers, present: o.present });
  return [
    {
      type: 'ResultCorrected',
      voteId: vote.id,
      tally: { yes: t.yes, no: t.no, abstain: t.abstain },
      passed: t.yes >= required.neededYes,
      neededYes: required.neededYes,
      previous: { tally: previous.tally, passed: previous.passed },
      reason,
      by: c.by,
    },
  ];
}
