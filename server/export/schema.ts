import { z } from 'zod';
import { Choice, MajorityBase, MajorityRule, Tally, VoteKind, VotingRight } from '../protocol/common';
import { MemberRole } from '../protocol/register';

/**
 * The minutes (Niederschrift) as data: what every export renders, and the content of the JSON
 * export. Versioned: a change that an importer could trip over gets a new `format`.
 * Times are ISO 8601 in UTC as recorded by the server; renderers show them in the council's zone.
 */
export const MINUTES_FORMAT = 'ratssaal-minutes/1';

const Time = z.string().datetime({ offset: true });

/** Who recorded something, as written in the log's envelope. */
export const ActorRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('chair') }),
  z.object({ kind: z.literal('clerk') }),
  z.object({ kind: z.literal('seat'), seatId: z.number().int() }),
  z.object({ kind: z.literal('reader'), readerId: z.string(), seatId: z.number().int() }),
]);
export type ActorRecord = z.infer<typeof ActorRecord>;

export const MinutesMember = z.object({
  id: z.string(),
  title: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  /** "Dr. Ute Albers" */
  name: z.string(),
  factionId: z.string().nullable(),
  votingRight: VotingRight,
  role: MemberRole,
});
export type MinutesMember = z.infer<typeof MinutesMember>;

export const MinutesFaction = z.object({ id: z.string(), name: z.string(), shortName: z.string(), color: z.string() });
export type MinutesFaction = z.infer<typeof MinutesFaction>;

/** One stay of a member in the room. Manual: entered by chair or clerk, not by a card. */
export const AttendanceSpan = z.object({
  seatId: z.number().int(),
  seatLabel: z.string(),
  from: Time,
  to: Time.nullable(),
  manualIn: z.boolean(),
  manualOut: z.boolean(),
  /** card-removed | card-tapped | manual, null while still present at the end of the log. */
  outReason: z.string().nullable(),
});
export type AttendanceSpan = z.infer<typeof AttendanceSpan>;

export const AttendanceRecord = z.object({
  memberId: z.string(),
  spans: z.array(AttendanceSpan),
});
export type AttendanceRecord = z.infer<typeof AttendanceRecord>;

export const FactionCount = Tally.extend({ factionId: z.string().nullable() });

/** A member's choice in a named vote; manual when entered by chair or clerk for the member. */
export const NamedChoice = z.object({
  memberId: z.string(),
  choice: Choice,
  seatId: z.number().int().nullable(),
  manual: z.boolean(),
});
export type NamedChoice = z.infer<typeof NamedChoice>;

export const MinutesVote = z.object({
  id: z.string(),
  itemId: z.string(),
  title: z.string(),
  motion: z.string().nullable(),
  kind: VoteKind,
  majority: MajorityRule,
  /** open: still running when the log ends (a secret vote's counts stay hidden then). */
  status: z.enum(['open', 'closed', 'cancelled']),
  openedAt: Time,
  closedAt: Time.nullable(),
  cancelReason: z.string().nullable(),
  /** How many members took part (cast a ballot), from the log. */
  participants: z.number().int(),
  /** Closed votes only: the recorded result. */
  result: z
    .object({
      tally: Tally,
      eligible: z.number().int(),
      present: z.number().int(),
      legalMembers: z.number().int(),
      majorityBase: MajorityBase.nullable(),
      majorityBaseValue: z.number().int().nullable(),
      neededYes: z.number().int(),
      passed: z.boolean(),
      /** Open and named votes; null for secret ones. */
      byFaction: z.array(FactionCount).nullable(),
    })
    .nullable(),
  /** Named votes only: each member's final choice, in register order. */
  named: z.array(NamedChoice).nullable(),
  /**
   * Secret votes: whether the urn's counts equal the recorded tally (null when not applicable or
   * the urn was not available to the export).
   */
  urnMatches: z.boolean().nullable(),
  /** A repeat of a cancelled vote (DigiSiVO § 10): the vote it repeats and why. */
  repeatOf: z.object({ voteId: z.string(), reason: z.string() }).nullable().default(null),
  /** Interruptions of the open vote. */
  interruptions: z.array(z.object({ from: Time, to: Time.nullable(), reason: z.string() })).default([]),
  /** Corrections of the recorded result, oldest first; the recorded result stays beside them. */
  corrections: z
    .array(
      z.object({
        at: Time,
        tally: Tally,
        passed: z.boolean(),
        neededYes: z.number().int(),
        reason: z.string(),
        by: z.enum(['chair', 'clerk']),
      }),
    )
    .default([]),
});
export type MinutesVote = z.infer<typeof MinutesVote>;

export const BiasRecord = z.object({
  memberId: z.string(),
  reason: z.string().nullable(),
  from: Time,
  /** When the exclusion was lifted, null if it stands. */
  to: Time.nullable(),
});
export type BiasRecord = z.infer<typeof BiasRecord>;

/** An election round: counts per option (candidates, lists, "no", "abstain") and what it decided. */
export const MinutesElectionRound = z.object({
  round: z.number().int(),
  runoff: z.boolean(),
  secret: z.boolean(),
  openedAt: Time,
  closedAt: Time.nullable(),
  participants: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  /** In words, German: elected, runoff, lot, not elected, accepted, seats per list. */
  decision: z.string().nullable(),
});

export const MinutesElection = z.object({
  id: z.string(),
  title: z.string(),
  mode: z.enum(['persons', 'joint', 'lists']),
  seats: z.number().int(),
  method: z.string().nullable(),
  candidates: z.array(z.object({ id: z.string(), name: z.string() })),
  preparedAt: Time,
  /** Members who objected to an open election (which made it secret). */
  objections: z.number().int(),
  rounds: z.array(MinutesElectionRound),
  lots: z.array(
    z.object({
      round: z.number().int(),
      at: Time,
      method: z.enum(['system', 'physical']),
      tied: z.array(z.string()),
      winners: z.array(z.string()),
      randomValue: z.string().nullable(),
    }),
  ),
  cancelled: z.object({ at: Time, reason: z.string() }).nullable(),
});
export type MinutesElection = z.infer<typeof MinutesElection>;

/** The chair's finding on a request for a named or secret vote. */
export const MinutesRequestFinding = z.object({
  at: Time,
  kind: z.enum(['named', 'secret']),
  supporters: z.number().int(),
  required: z.number().int().nullable(),
  met: z.boolean(),
});

/** A declaration for the record (by a member) or a note of the clerk; a withdrawn one stays, marked. */
export const MinutesRecordNote = z.object({
  id: z.string(),
  kind: z.enum(['declaration', 'note']),
  /** The member who made the declaration; null for the clerk's note. */
  memberId: z.string().nullable(),
  text: z.string(),
  at: Time,
  withdrawn: z.object({ at: Time, reason: z.string() }).nullable(),
});
export type MinutesRecordNote = z.infer<typeof MinutesRecordNote>;

export const MinutesItem = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  public: z.boolean(),
  motion: z.string().nullable(),
  documentRef: z.string().nullable(),
  /** When the chair called the item (may be called more than once). */
  calledAt: z.array(Time),
  votes: z.array(MinutesVote),
  bias: z.array(BiasRecord),
  elections: z.array(MinutesElection).default([]),
  requestFindings: z.array(MinutesRequestFinding).default([]),
  /** Who had the floor, when (kind: ordinary or point of order). */
  speakers: z.array(z.object({ memberId: z.string(), kind: z.string(), from: Time, to: Time.nullable() })).default([]),
  /** Declarations for the record and the clerk's notes on this item, in the order they were made. */
  notes: z.array(MinutesRecordNote).default([]),
});
export type MinutesItem = z.infer<typeof MinutesItem>;

export const QuorumRecord = z.object({
  recordedAt: Time,
  present: z.number().int(),
  threshold: z.number().int(),
  /** The item being dealt with when the lack was recorded. */
  itemId: z.string().nullable(),
  clearedAt: Time.nullable(),
  clearedPresent: z.number().int().nullable(),
});
export type QuorumRecord = z.infer<typeof QuorumRecord>;

/** A card that presented a registered or unknown UID but did not prove it is genuine (cloning-resistant cards). */
export const SecurityNote = z.object({
  at: Time,
  kind: z.literal('card-authentication-failed'),
  seatId: z.number().int().nullable(),
  seatLabel: z.string().nullable(),
  uid: z.string(),
  /** The member the UID is registered to, when it is. */
  memberId: z.string().nullable(),
  purpose: z.enum(['login', 'registration']),
});
export type SecurityNote = z.infer<typeof SecurityNote>;

export const Minutes = z.object({
  format: z.literal(MINUTES_FORMAT),
  body: z.object({ id: z.string(), name: z.string(), place: z.string(), legalMembers: z.number().int() }),
  session: z.object({
    id: z.string(),
    title: z.string(),
    /** yyyy-mm-dd, local date from the invitation. */
    date: z.string(),
    /** hh:mm, the planned start from the invitation. */
    plannedStart: z.string(),
  }),
  times: z.object({
    /** First and last recorded event after the register was loaded (null if none). */
    firstRecordAt: Time.nullable(),
    lastRecordAt: Time.nullable(),
    /** Formal opening, interruptions and closing, when the log records them. */
    openedAt: Time.nullable(),
    closedAt: Time.nullable(),
    interruptions: z.array(z.object({ from: Time, to: Time.nullable(), reason: z.string().nullable() })),
  }),
  factions: z.array(MinutesFaction),
  members: z.array(MinutesMember),
  attendance: z.array(AttendanceRecord),
  items: z.array(MinutesItem),
  quorum: z.array(QuorumRecord),
  /** Events this version of the minutes does not render, counted by type (nothing is hidden silently). */
  otherEvents: z.array(z.object({ type: z.string(), count: z.number().int() })),
  /** Security notes (failed card authentications), in log order. */
  securityNotes: z.array(SecurityNote).default([]),
  /** Declarations for the record and the clerk's notes on the session as a whole (no item). */
  sessionNotes: z.array(MinutesRecordNote).default([]),
  log: z.object({
    events: z.number().int(),
    lastSeq: z.number().int(),
    /** SHA-256 of the last event: matches a printed document to the log (`npm run verify`). */
    finalHash: z.string(),
  }),
});
export type Minutes = z.infer<typeof Minutes>;
