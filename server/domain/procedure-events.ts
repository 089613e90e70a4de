import type { MajorityRule, VoteKind } from '../protocol/common';
import type { ApportionmentMethod, Apportionment } from './rules/apportionment';
import type { RoundResult } from './rules/election';

/** Requests for the kind of a vote (RULES.md §4). */
export type RequestedKind = 'named' | 'secret';

export type ElectionMode = 'persons' | 'joint' | 'lists';

export interface Candidate {
  /** Ballot option id, unique within the election; never "no" or "abstain". */
  id: string;
  name: string;
  /** A candidate from the register; null for a free-text name or a list. */
  memberId: string | null;
  /** Lists: the faction whose list it is, if any. */
  factionId: string | null;
}

/** What closing a round decided, as recorded. */
export type RoundOutcome =
  | { mode: 'persons'; result: RoundResult }
  | { mode: 'joint'; yes: number; no: number; abstentions: number; accepted: boolean }
  | { mode: 'lists'; votes: Record<string, number>; abstentions: number; apportionment: Apportionment };

/** The events of requests, elections, interruptions, repeats and templates: part of the log. */
export type ProcedureEvent =
  | { type: 'VoteKindRequested'; itemId: string; kind: RequestedKind; memberId: string; seatId: number }
  | { type: 'VoteKindRequestWithdrawn'; itemId: string; kind: RequestedKind; memberId: string; seatId: number }
  /** The chair's finding on a request: whether its threshold is met, with the numbers. */
  | {
      type: 'VoteKindRequestDecided';
      itemId: string;
      kind: RequestedKind;
      supporters: number;
      required: number | null;
      faction: string | null;
      met: boolean;
    }
  | { type: 'VoteInterrupted'; voteId: string; reason: string }
  | { type: 'VoteResumed'; voteId: string }
  /** Follows the VoteOpened of a repeat: links it to the cancelled vote, with the reason. */
  | { type: 'VoteRepeated'; voteId: string; repeatOf: string; reason: string }
  | {
      type: 'VoteTemplatePrepared';
      templateId: string;
      itemId: string;
      title: string;
      motion?: string;
      kind: VoteKind;
      majority: MajorityRule;
    }
  | { type: 'VoteTemplateRemoved'; templateId: string }
  /** Follows the VoteOpened of a vote opened from a template. */
  | { type: 'VoteTemplateUsed'; templateId: string; voteId: string }
  | {
      type: 'ElectionPrepared';
      electionId: string;
      itemId: string;
      title: string;
      mode: ElectionMode;
      seats: number;
      method: ApportionmentMethod | null;
      candidates: Candidate[];
      allowNo: boolean;
      allowAbstain: boolean;
    }
  | { type: 'ElectionObjected'; electionId: string; memberId: string; seatId: number }
  | {
      type: 'ElectionRoundOpened';
      electionId: string;
      round: number;
      runoff: boolean;
      secret: boolean;
      candidates: string[];
      /** Every option on the ballot: candidates, then "no" and "abstain" where offered. */
      options: string[];
    }
  | { type: 'ElectionBallotCast'; electionId: string; round: number; memberId: string; seatId: number; option: string; key: string }
  /** Secret elections: only that the member took part; the option goes to the urn. */
  | { type: 'SecretElectionBallotCast'; electionId: string; round: number; memberId: string; seatId: number; key: string }
  | { type: 'ElectionRoundClosed'; electionId: string; round: number; participants: number; outcome: RoundOutcome }
  /**
   * A lot among tied candidates or lists. system: drawn with the recorded random value (hex);
   * physical: drawn in the room, the chair entered the winners.
   */
  | {
      type: 'ElectionLotDrawn';
      electionId: string;
      round: number;
      method: 'system' | 'physical';
      tied: string[];
      seatsLeft: number;
      randomValue: string | null;
      winners: string[];
    }
  | { type: 'ElectionCancelled'; electionId: string; reason: string };

/** A secret election choice, counted in the election urn; never stored with a member, time or order. */
export interface ElectionUrnDeposit {
  type: 'ElectionUrnDeposit';
  electionId: string;
  round: number;
  option: string;
}

/** The urn key of one round of an election. */
export function electionBallotId(electionId: string, round: number): string {
  return `${electionId}#${round}`;
}
