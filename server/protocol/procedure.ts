import { z } from 'zod';
import { IdempotencyKey, IsoTime, ItemId, MajorityRule, MemberId, VoteId, VoteKind } from './common';

/**
 * The voting procedure beyond a plain vote (RULES.md §§4–7, 11): requests for a named or
 * secret vote, elections with runoff and lot, committee seats, interrupt/repeat, templates.
 */

const Empty = z.object({}).strict();
const Text = (max: number) => z.string().trim().min(1).max(max);

export const ElectionId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
export const TemplateId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
/** A ballot option: a candidate or list id ("c1", …), "no" or "abstain". */
export const OptionId = z.string().min(1).max(16).regex(/^[a-z0-9]+$/);
export const RequestedKind = z.enum(['named', 'secret']);
export const ElectionMode = z.enum(['persons', 'joint', 'lists']);
export const ApportionmentMethod = z.enum(['hare-niemeyer', 'dhondt']);

const Ref = z.object({
  id: MemberId,
  name: z.string(),
  factionId: z.string().nullable(),
  factionShort: z.string().nullable(),
  factionColor: z.string().nullable(),
});

export const CandidateView = z.object({
  id: OptionId,
  name: z.string(),
  memberId: MemberId.nullable(),
  factionId: z.string().nullable(),
  factionShort: z.string().nullable(),
});
export type CandidateView = z.infer<typeof CandidateView>;

export const LotView = z.object({
  method: z.enum(['system', 'physical']),
  tied: z.array(OptionId),
  seatsLeft: z.number().int(),
  /** The recorded random value of a lot drawn in the system (hex). */
  randomValue: z.string().nullable(),
  winners: z.array(OptionId),
  at: IsoTime,
});

export const RoundView = z.object({
  round: z.number().int().min(1),
  runoff: z.boolean(),
  secret: z.boolean(),
  candidates: z.array(OptionId),
  options: z.array(OptionId),
  status: z.enum(['open', 'closed']),
  cast: z.number().int(),
  eligible: z.number().int(),
  /** Votes per option once the round is closed; null while it is open. */
  counts: z.record(z.string(), z.number().int()).nullable(),
  valid: z.number().int().nullable(),
  /** Votes that are more than half of the valid votes (first rounds of persons). */
  needed: z.number().int().nullable(),
  decision: z.enum(['elected', 'not-elected', 'runoff', 'lot', 'accepted', 'rejected', 'seats', 'seats-tied']).nullable(),
  /** Lists: seats per list (before a lot on equal remainders). */
  seats: z.record(z.string(), z.number().int()).nullable(),
  lot: LotView.nullable(),
  /** Open elections, chair only: each member's option. */
  named: z.array(z.object({ member: Ref, option: OptionId })).nullable(),
  openedAt: IsoTime,
  closedAt: IsoTime.nullable(),
});
export type RoundView = z.infer<typeof RoundView>;

export const ElectionResultView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('elected'), candidateId: OptionId, name: z.string() }),
  z.object({ kind: z.literal('not-elected') }),
  z.object({ kind: z.literal('joint'), accepted: z.boolean() }),
  z.object({ kind: z.literal('seats'), seats: z.record(z.string(), z.number().int()) }),
]);
export type ElectionResultView = z.infer<typeof ElectionResultView>;

export const ElectionView = z.object({
  id: ElectionId,
  itemId: ItemId,
  title: z.string(),
  mode: ElectionMode,
  seats: z.number().int(),
  method: ApportionmentMethod.nullable(),
  candidates: z.array(CandidateView),
  status: z.enum(['prepared', 'voting', 'counted', 'done', 'cancelled']),
  /** Secret because someone objected to an open election. */
  secret: z.boolean(),
  objections: z.number().int(),
  rounds: z.array(RoundView),
  pending: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('runoff'), candidates: z.array(OptionId) }),
      z.object({ kind: z.literal('lot'), tied: z.array(OptionId), seatsLeft: z.number().int() }),
    ])
    .nullable(),
  result: ElectionResultView.nullable(),
  cancelReason: z.string().nullable(),
});
export type ElectionView = z.infer<typeof ElectionView>;

export const KindDecisionView = z.object({
  supporters: z.number().int(),
  required: z.number().int().nullable(),
  faction: z.string().nullable(),
  met: z.boolean(),
  at: IsoTime,
});

export const KindRequestView = z.object({
  itemId: ItemId,
  kind: RequestedKind,
  supporters: z.array(Ref),
  /** Members needed; null: only a whole faction can meet it. */
  required: z.number().int().nullable(),
  /** The faction (id) whose present members all support it, if any. */
  faction: z.string().nullable(),
  met: z.boolean(),
  decisions: z.array(KindDecisionView),
});
export type KindRequestView = z.infer<typeof KindRequestView>;

export const TemplateView = z.object({
  id: TemplateId,
  itemId: ItemId,
  title: z.string(),
  motion: z.string().optional(),
  kind: VoteKind,
  majority: MajorityRule,
});
export type TemplateView = z.infer<typeof TemplateView>;

export const ChairProcedureView = z.object({
  /** Requests on every item with at least one supporter or decision. */
  requests: z.array(KindRequestView),
  /** The kind a vote on the current item must have because of requests. */
  requiredKind: RequestedKind.nullable(),
  /** The open vote is interrupted (since, why). */
  interrupted: z.object({ voteId: VoteId, reason: z.string(), since: IsoTime }).nullable(),
  /** Repeated votes: each links to the cancelled vote, with the reason. */
  repeats: z.array(z.object({ voteId: VoteId, repeatOf: VoteId, reason: z.string() })),
  templates: z.array(TemplateView),
  elections: z.array(ElectionView),
});
export type ChairProcedureView = z.infer<typeof ChairProcedureView>;

export const SeatElectionView = z.object({
  election: ElectionView.omit({ rounds: true }),
  /** This member objected (only while prepared it can). */
  objected: z.boolean(),
  canObject: z.boolean(),
  /** The open round, or the last closed one with its counts. */
  round: RoundView.omit({ named: true }).nullable(),
  eligible: z.boolean(),
  /** null: not voted in this round. option null: voted secretly (the server does not know it). */
  myBallot: z.object({ option: OptionId.nullable(), at: IsoTime }).nullable(),
});
export type SeatElectionView = z.infer<typeof SeatElectionView>;

export const SeatProcedureView = z.object({
  /** Requests on the current item: what this member supports, whether the threshold is met. */
  requests: z
    .object({
      itemId: ItemId,
      canRequest: z.boolean(),
      named: z.object({ mine: z.boolean(), supporters: z.number().int(), met: z.boolean() }),
      secret: z.object({ mine: z.boolean(), supporters: z.number().int(), met: z.boolean() }),
    })
    .nullable(),
  /** The open vote is interrupted. */
  interrupted: z.object({ reason: z.string() }).nullable(),
  election: SeatElectionView.nullable(),
});
export type SeatProcedureView = z.infer<typeof SeatProcedureView>;

export const DisplayElectionView = z.object({
  election: ElectionView.omit({ rounds: true }),
  round: RoundView.omit({ named: true }).nullable(),
});
export type DisplayElectionView = z.infer<typeof DisplayElectionView>;

export const seatProcedureCommands = {
  /** Support (or withdraw support for) a named or secret vote on an item. */
  requestVoteKind: { request: z.object({ itemId: ItemId, kind: RequestedKind, support: z.boolean() }).strict(), response: Empty },
  /** Object to an open election while it is prepared: it will be secret. */
  objectToElection: { request: z.object({ electionId: ElectionId }).strict(), response: Empty },
  castElectionBallot: {
    request: z.object({ electionId: ElectionId, round: z.number().int().min(1).max(99), option: OptionId, key: IdempotencyKey }).strict(),
    response: z.object({ electionId: ElectionId, round: z.number().int(), option: OptionId.nullable(), at: IsoTime, duplicate: z.boolean() }),
  },
} as const;

const CandidateInput = z
  .object({ name: z.string().trim().max(200).optional(), memberId: MemberId.optional(), factionId: z.string().max(64).optional() })
  .strict();

export const chairProcedureCommands = {
  /** Records the finding on a request (it is also recorded when a vote on the item opens). */
  decideVoteKindRequest: { request: z.object({ itemId: ItemId, kind: RequestedKind }).strict(), response: Empty },
  interruptVote: { request: z.object({ voteId: VoteId, reason: Text(500) }).strict(), response: Empty },
  resumeVote: { request: z.object({ voteId: VoteId }).strict(), response: Empty },
  /** Cancels the open vote with a reason and opens its repeat at once. */
  repeatVote: { request: z.object({ voteId: VoteId, reason: Text(500) }).strict(), response: z.object({ voteId: VoteId }) },
  prepareVoteTemplate: {
    request: z
      .object({ itemId: ItemId, title: Text(300), motion: z.string().trim().max(5000).optional(), kind: VoteKind, majority: MajorityRule })
      .strict(),
    response: z.object({ templateId: TemplateId }),
  },
  removeVoteTemplate: { request: z.object({ templateId: TemplateId }).strict(), response: Empty },
  openVoteFromTemplate: { request: z.object({ templateId: TemplateId }).strict(), response: z.object({ voteId: VoteId }) },
  prepareElection: {
    request: z
      .object({
        itemId: ItemId,
        title: Text(300),
        mode: ElectionMode,
        /** Lists: seats to distribute; persons: 1. */
        seats: z.number().int().min(1).max(200).default(1),
        method: ApportionmentMethod.nullable().default(null),
        candidates: z.array(CandidateInput).min(1).max(50),
      })
      .strict(),
    response: z.object({ electionId: ElectionId }),
  },
  openElectionRound: { request: z.object({ electionId: ElectionId }).strict(), response: z.object({ round: z.number().int() }) },
  closeElectionRound: { request: z.object({ electionId: ElectionId }).strict(), response: z.object({ election: ElectionView }) },
  /** system: the server draws a cryptographically random value and records it; physical: the winners of a draw in the room. */
  drawLot: {
    request: z
      .object({ electionId: ElectionId, method: z.enum(['system', 'physical']), winners: z.array(OptionId).max(50).optional() })
      .strict(),
    response: z.object({ election: ElectionView }),
  },
  cancelElection: { request: z.object({ electionId: ElectionId, reason: Text(500) }).strict(), response: Empty },
} as const;
