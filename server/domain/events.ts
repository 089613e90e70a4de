import type { CardUid, Choice, IdempotencyKey, ItemId, MajorityRule, MemberId, SeatId, VoteId, VoteKind } from '../protocol/common';
import type { Register } from '../protocol/register';
import type { VoteOutcome } from './rules/result';
import type { AgendaEvent } from './agenda';
import type { LifecycleEvent } from './session-lifecycle';
import type { SpeakerEvent } from './speakers';
import type { z } from 'zod';

type Uid = z.output<typeof CardUid>;
type Id<T extends z.ZodType> = z.output<T>;

export type CheckOutReason = 'card-removed' | 'card-tapped' | 'manual';

/** Events that go into the hash-chained log. Each is a fact; none is ever edited. */
export type LoggedEvent =
  | { type: 'RegisterLoaded'; register: Register }
  | { type: 'ItemSelected'; itemId: Id<typeof ItemId> }
  | { type: 'CheckedIn'; memberId: Id<typeof MemberId>; seatId: Id<typeof SeatId>; cardUid: Uid | null }
  | { type: 'CheckedOut'; memberId: Id<typeof MemberId>; seatId: Id<typeof SeatId>; reason: CheckOutReason }
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
  | LifecycleEvent
  | SpeakerEvent
  | AgendaEvent;

/**
 * A secret choice, written to the urn (a counter per vote and option) in the same transaction
 * as its SecretBallotCast, but never stored with a member, an order, a time or a row id.
 */
export interface UrnDeposit {
  type: 'UrnDeposit';
  voteId: Id<typeof VoteId>;
  choice: Choice;
}

export type DomainEvent = LoggedEvent | UrnDeposit;
export type EventType = LoggedEvent['type'];

export function isUrnDeposit(e: DomainEvent): e is UrnDeposit {
  return e.type === 'UrnDeposit';
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
