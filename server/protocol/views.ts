import { z } from 'zod';
import { Choice, FactionId, IsoTime, ItemId, MajorityBase, MajorityRule, MemberId, SeatId, Tally, VoteId, VoteKind, VotingRight } from './common';
import { ChairProcedureView, DisplayElectionView, SeatProcedureView } from './procedure';
import { conferenceViews, LifecycleView, MicLamp, MicMode, MicsView } from './conference';
import { MemberRole } from './register';

/** What the server pushes to each role. Each role gets its own shape: nothing is filtered on screen. */

export const MemberRef = z.object({
  id: MemberId,
  name: z.string(),
  factionId: FactionId.nullable(),
  factionShort: z.string().nullable(),
  factionColor: z.string().nullable(),
});
export type MemberRef = z.infer<typeof MemberRef>;

export const { FloorView, QueueEntry, ChairSpeakersView, PublicSpeakersView, SeatSpeakersView } = conferenceViews(MemberRef);
export type FloorView = z.infer<typeof FloorView>;
export type ChairSpeakersView = z.infer<typeof ChairSpeakersView>;
export type PublicSpeakersView = z.infer<typeof PublicSpeakersView>;
export type SeatSpeakersView = z.infer<typeof SeatSpeakersView>;
export const SeatMicView = z.object({ mode: MicMode, on: z.boolean(), lamp: MicLamp });
export type SeatMicView = z.infer<typeof SeatMicView>;

export const ItemView = z.object({
  id: ItemId,
  number: z.string(),
  title: z.string(),
  public: z.boolean(),
  motion: z.string().optional(),
  documentRef: z.string().optional(),
});
export type ItemView = z.infer<typeof ItemView>;

export const VoteSummary = z.object({
  id: VoteId,
  itemId: ItemId,
  title: z.string(),
  motion: z.string().optional(),
  kind: VoteKind,
  majority: MajorityRule,
  status: z.enum(['open', 'closed', 'cancelled']),
  openedAt: IsoTime,
  closedAt: IsoTime.nullable(),
});
export type VoteSummary = z.infer<typeof VoteSummary>;

export const RequiredMajority = z.object({
  rule: MajorityRule,
  /** Which number the rule is measured against, and its value at close. */
  baseKind: MajorityBase.nullable(),
  base: z.number().int().nullable(),
  /** Fewest yes votes that pass (for "simple": no + 1). */
  neededYes: z.number().int(),
});
export type RequiredMajority = z.infer<typeof RequiredMajority>;

export const FactionTally = Tally.extend({
  factionId: FactionId.nullable(),
  name: z.string(),
  shortName: z.string(),
  color: z.string(),
});
export type FactionTally = z.infer<typeof FactionTally>;

export const NamedChoice = z.object({ member: MemberRef, choice: Choice });
export type NamedChoice = z.infer<typeof NamedChoice>;

export const VoteResultView = z.object({
  voteId: VoteId,
  itemId: ItemId,
  title: z.string(),
  kind: VoteKind,
  tally: Tally,
  /** Members who took part (for secret votes shown next to the tally: RULES.md §12). */
  participants: z.number().int(),
  /** Members eligible at close, including those who voted and left. */
  eligible: z.number().int(),
  /** Members with full voting right present at close. */
  present: z.number().int(),
  legalMembers: z.number().int(),
  required: RequiredMajority,
  passed: z.boolean(),
  byFaction: z.array(FactionTally).nullable(),
  /** Each member's choice: named votes always; open votes only where the profile shows them. */
  named: z.array(NamedChoice).nullable(),
  closedAt: IsoTime,
});
export type VoteResultView = z.infer<typeof VoteResultView>;

export const Ineligibility = z.enum(['not-checked-in', 'no-voting-right', 'advisory-only', 'excluded-bias']);
export type Ineligibility = z.infer<typeof Ineligibility>;

export const SeatVoteView = z.object({
  summary: VoteSummary,
  eligible: z.boolean(),
  ineligibleReason: Ineligibility.nullable(),
  /** null: not voted yet. choice null: voted in a secret vote (the server does not know the choice). */
  myBallot: z.object({ choice: Choice.nullable(), at: IsoTime.nullable() }).nullable(),
});
export type SeatVoteView = z.infer<typeof SeatVoteView>;

export const ReaderState = z.enum(['connected', 'disconnected', 'none']);

export const SeatView = z.object({
  seat: z.object({ id: SeatId, label: z.string() }),
  member: MemberRef.extend({ votingRight: VotingRight }).nullable(),
  session: z.object({ bodyName: z.string(), title: z.string(), date: z.string() }),
  item: ItemView.nullable(),
  vote: SeatVoteView.nullable(),
  /** The latest result of the current item, shown until the next vote opens. */
  result: VoteResultView.nullable(),
  reader: ReaderState,
  demo: z.boolean(),
  /** Requests, interruption and the election on this seat's screen. */
  procedure: SeatProcedureView.optional(),
  lifecycle: LifecycleView,
  speakers: SeatSpeakersView,
  /** This seat's microphone; null without a microphone system. */
  mic: SeatMicView.nullable(),
  /** The server's clock when the view was made: clients count down with its offset, never with their own clock alone. */
  serverTime: IsoTime,
  /** The seat takes keyboard-wedge bursts as card taps. */
  keyboardWedge: z.boolean().optional(),
});
export type SeatView = z.infer<typeof SeatView>;

export const AttendanceRow = z.object({
  member: MemberRef.extend({ votingRight: VotingRight, role: MemberRole }),
  present: z.boolean(),
  seatId: SeatId.nullable(),
  seatLabel: z.string().nullable(),
  manual: z.boolean(),
  /** Present since (when present) or absent since (when they left); null: never checked in. */
  since: IsoTime.nullable(),
  excludedOnCurrentItem: z.boolean(),
});
export type AttendanceRow = z.infer<typeof AttendanceRow>;

export const QuorumView = z.object({
  legalMembers: z.number().int(),
  present: z.number().int(),
  threshold: z.number().int(),
  quorate: z.boolean(),
  lackRecorded: z.boolean(),
});
export type QuorumView = z.infer<typeof QuorumView>;

/** The event log cannot be written (disk full or read-only): nothing entered is recorded. */
export const StorageAlarmView = z.object({ since: IsoTime, detail: z.string() });

/**
 * The event log's disk is slow (writes succeed, but late): since when, the median and the
 * longest of the latest commits in ms. Every ballot waits about that long for "recorded".
 */
export const StorageSlowView = z.object({ since: IsoTime, medianMs: z.number().int().nonnegative(), maxMs: z.number().int().nonnegative() });

export const ChairVoteView = z.object({
  summary: VoteSummary,
  cast: z.number().int(),
  eligible: z.number().int(),
  /** Eligible members who have not voted yet; null in secret votes. */
  notVoted: z.array(MemberRef).nullable(),
});
export type ChairVoteView = z.infer<typeof ChairVoteView>;

/** A correction of a closed vote's result; the recorded result stays beside it. */
export const ResultCorrectionView = z.object({
  at: IsoTime,
  tally: Tally,
  passed: z.boolean(),
  neededYes: z.number().int(),
  reason: z.string(),
  by: z.enum(['chair', 'clerk']),
});
export type ResultCorrectionView = z.infer<typeof ResultCorrectionView>;
/** A card reader the chair's device overview lists (real and seat-agent readers, not demo ones). */
export const DeviceRow = z.object({
  reader: z.string(),
  kind: z.enum(['pcsc', 'agent']),
  connected: z.boolean(),
  seatId: SeatId.nullable(),
  seatLabel: z.string().nullable(),
});
export type DeviceRow = z.infer<typeof DeviceRow>;

/** A card that failed to prove it is genuine (cloning-resistant cards): a notice for the chair. */
export const CardAlertView = z.object({
  at: IsoTime,
  seatId: SeatId.nullable(),
  seatLabel: z.string().nullable(),
  uid: z.string(),
  /** The member the UID is registered to, when it is. */
  member: MemberRef.nullable(),
  purpose: z.enum(['login', 'registration']),
});
export type CardAlertView = z.infer<typeof CardAlertView>;

export const ChairView = z.object({
  body: z.object({ name: z.string(), place: z.string(), legalMembers: z.number().int() }),
  session: z.object({ id: z.string(), title: z.string(), date: z.string(), startTime: z.string() }),
  agenda: z.array(ItemView),
  currentItemId: ItemId.nullable(),
  quorum: QuorumView,
  attendance: z.array(AttendanceRow),
  vote: ChairVoteView.nullable(),
  /** Closed and cancelled votes of the session, newest first. */
  history: z.array(
    z.object({
      summary: VoteSummary,
      result: VoteResultView.nullable(),
      cancelReason: z.string().nullable(),
      /** Corrections of the result, oldest first. */
      corrections: z.array(ResultCorrectionView).default([]),
    }),
  ),
  bias: z.array(z.object({ itemId: ItemId, member: MemberRef, reason: z.string().nullable() })),
  /** Set while the event log cannot be written (disk full or read-only): nothing is recorded. */
  storageAlarm: StorageAlarmView.nullable().optional(),
  /** Set while the event log's disk is slow (writes succeed, but slowly). */
  storageSlow: StorageSlowView.nullable().optional(),
  procedure: ChairProcedureView.optional(),
  lifecycle: LifecycleView,
  speakers: ChairSpeakersView,
  mics: MicsView.nullable(),
  serverTime: IsoTime,
  /** Card readers: which seat each serves and whether it is there. */
  devices: z.array(DeviceRow).optional(),
  /** Cards refused as not genuine, newest first (the latest few; the log and the minutes keep all). */
  cardAlerts: z.array(CardAlertView).optional(),
});
export type ChairView = z.infer<typeof ChairView>;

export const DisplayView = z.object({
  bodyName: z.string(),
  session: z.object({ title: z.string(), date: z.string() }),
  /** null: no item selected. hidden: the non-public part; the display shows nothing of it. */
  item: ItemView.nullable(),
  nonPublic: z.boolean(),
  quorum: z.object({ present: z.number().int(), legalMembers: z.number().int(), quorate: z.boolean() }),
  vote: z.object({ summary: VoteSummary, cast: z.number().int(), eligible: z.number().int() }).nullable(),
  result: VoteResultView.nullable(),
  /** The election of the current (public) item. */
  election: DisplayElectionView.nullable().optional(),
  lifecycle: LifecycleView,
  /** Empty in the non-public part. */
  speakers: PublicSpeakersView,
  serverTime: IsoTime,
});
export type DisplayView = z.infer<typeof DisplayView>;

export const Notice = z.object({
  level: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  message: z.object({ de: z.string(), en: z.string() }),
  at: IsoTime,
});
export type Notice = z.infer<typeof Notice>;
