import type { CardUid, Choice, IdempotencyKey, ItemId, MajorityRule, MemberId, SeatId, Tally, VoteId, VoteKind } from '../protocol/common';
import type { CouncilProfile, Faction, Member, Register, Seat } from '../protocol/register';
import type { VoteOutcome } from './rules/result';
import type { AgendaEvent } from './agenda';
import type { LifecycleEvent } from './session-lifecycle';
import type { SpeakerEvent } from './speakers';
import type { z } from 'zod';
import type { ElectionUrnDeposit, ProcedureEvent } from './procedure-events';
import type { CardAuthenticationFailedEvent } from './card-assurance';
import type { RecordNoteEvent } from './record-notes';

type Uid = z.output<typeof CardUid>;
type Id<T extends z.ZodType> = z.output<T>;

export type CheckOutReason = 'card-removed' | 'card-tapped' | 'manual' | 'card-revoked' | 'member-retired';

/** A record entered by hand for a member (seat unit failed, card forgotten): who entered it and why. */
export interface ManualEntry {
  by: 'chair' | 'clerk';
  reason: string | null;
}

/** Events that go into the hash-chained log. Each is a fact; none is ever edited. */
export type LoggedEvent =
  | { type: 'RegisterLoaded'; register: Register }
  | { type: 'ItemSelected'; itemId: Id<typeof ItemId> }
  | { type: 'CheckedIn'; memberId: Id<typeof MemberId>; seatId: Id<typeof SeatId>; cardUid: Uid | null; manual?: ManualEntry }
  | { type: 'CheckedOut'; memberId: Id<typeof MemberId>; seatId: Id<typeof SeatId>; reason: CheckOutReason; manual?: ManualEntry }
  | {
      type: 'VoteOpened';
      voteId: Id<typeof VoteId>;
      itemId: Id<typeof ItemId>;
      title: string;
      motion?: string;
      kind: VoteKind;
      majority: MajorityRule;
    }
  /** Open and named votes: the member's choice, attributed. A later ballot replaces an earlier one. */
  | {
      type: 'BallotCast';
      voteId: Id<typeof VoteId>;
      memberId: Id<typeof MemberId>;
      seatId: Id<typeof SeatId>;
      choice: Choice;
      key: Id<typeof IdempotencyKey>;
      /** Entered by the clerk or chair for the member (never in secret votes). */
      manual?: ManualEntry;
    }
  /** Secret votes: only that the member took part. The choice goes to the urn, never to the log. */
  | {
      type: 'SecretBallotCast';
      voteId: Id<typeof VoteId>;
      memberId: Id<typeof MemberId>;
      seatId: Id<typeof SeatId>;
      key: Id<typeof IdempotencyKey>;
    }
  | { type: 'VoteClosed'; voteId: Id<typeof VoteId>; outcome: VoteOutcome }
  | { type: 'VoteCancelled'; voteId: Id<typeof VoteId>; reason: string }
  | { type: 'BiasSet'; itemId: Id<typeof ItemId>; memberId: Id<typeof MemberId>; excluded: boolean; reason: string | null }
  | { type: 'QuorumLackRecorded'; present: number; threshold: number }
  | { type: 'QuorumLackCleared'; present: number; threshold: number }
  | RegisterEvent
  /**
   * A closed vote's result, corrected: the recorded result stays, this one is shown beside it.
   * previous is the result this correction replaces (the original or the last correction).
   */
  | {
      type: 'ResultCorrected';
      voteId: Id<typeof VoteId>;
      tally: Tally;
      passed: boolean;
      neededYes: number;
      previous: { tally: Tally; passed: boolean };
      reason: string;
      by: 'chair' | 'clerk';
    }
  | ProcedureEvent
  | LifecycleEvent
  | SpeakerEvent
  | AgendaEvent
  | RecordNoteEvent
  | CardAuthenticationFailedEvent;

/** Changes of the register (members, factions, seats, cards, profile) after it was loaded. */
export type RegisterEvent =
  | { type: 'MemberAdded'; member: Member }
  /** The member's full record after the change. */
  | { type: 'MemberUpdated'; member: Member }
  /** Membership ends on `until` (inclusive): sets the end of the active period. */
  | { type: 'MemberRetired'; memberId: Id<typeof MemberId>; until: string; reason: string | null }
  | { type: 'FactionAdded'; faction: Faction }
  | { type: 'FactionUpdated'; faction: Faction }
  | { type: 'SeatAdded'; seat: Seat }
  | { type: 'SeatUpdated'; seat: Seat }
  | { type: 'ProfileUpdated'; profile: CouncilProfile }
  | { type: 'LegalMembersSet'; legalMembers: number; previous: number; reason: string | null }
  | { type: 'CardRegistered'; uid: Uid; memberId: Id<typeof MemberId> }
  /** A lost or withdrawn card: refused from now on. */
  | { type: 'CardRevoked'; uid: Uid; memberId: Id<typeof MemberId>; reason: string };

/**
 * A secret choice, written to the urn (a counter per vote and option) in the same transaction
 * as its SecretBallotCast, but never stored with a member, an order, a time or a row id.
 */
export interface UrnDeposit {
  type: 'UrnDeposit';
  voteId: Id<typeof VoteId>;
  choice: Choice;
}

export type DomainEvent = LoggedEvent | UrnDeposit | ElectionUrnDeposit;
export type EventType = LoggedEvent['type'];

/** Urn deposits (of secret votes and secret elections) never go into the log. */
export function isUrnDeposit(e: DomainEvent): e is UrnDeposit | ElectionUrnDeposit {
  return e.type === 'UrnDeposit' || e.type === 'ElectionUrnDeposit';
}

/** Who caused an event: recorded with it in the log. */
export type Actor =
  | { kind: 'system' }
  | { kind: 'chair' }
  | { kind: 'clerk' }
  | { kind: 'seat'; seatId: number }
  | { kind: 'reader'; readerId: string; seatId: number };

/** Envelope facts the domain needs when applying an event: the server time of the record. */
export interface EventMeta {
  seq: number;
  at: string;
}
