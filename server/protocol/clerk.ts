import { z } from 'zod';
import { CardUid, Choice, IsoTime, ItemId, MemberId, SeatId, Tally, VoteId } from './common';
import { deviceCommands, DevicesView } from './devices';
import { exportTicketCommands } from './export-tickets';
import { CouncilProfile, Faction, IsoDate, Member, Seat } from './register';
import { Ineligibility, MemberRef, QuorumView, ResultCorrectionView, StorageAlarmView, StorageSlowView, VoteResultView, VoteSummary } from './views';

/** The clerk (Schriftführung): the register, cards, manual entries and corrections. */

const Empty = z.object({}).strict();
const Reason = z.string().trim().min(1).max(500);
const OptionalReason = z.string().trim().max(500).optional();
/** CSV text as read from a file; a council's whole register fits easily (about 80 bytes a row). */
const CsvText = z.string().max(60_000).optional();

export const Bilingual = z.object({ de: z.string(), en: z.string() });

export const CorrectionView = ResultCorrectionView;
export type CorrectionView = ResultCorrectionView;

export const ClerkMemberRow = z.object({
  member: Member,
  name: z.string(),
  /** A member of the body on the session date (the active period includes it). */
  active: z.boolean(),
  present: z.boolean(),
  seatId: SeatId.nullable(),
  seatLabel: z.string().nullable(),
  /** Checked in by hand. */
  manual: z.boolean(),
  cards: z.array(z.string()),
});
export type ClerkMemberRow = z.infer<typeof ClerkMemberRow>;

export const ClerkCardRow = z.object({
  uid: z.string(),
  memberId: MemberId,
  memberName: z.string(),
  status: z.enum(['active', 'revoked']),
  /** null: from the register file. */
  registeredAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
  reason: z.string().nullable(),
});
export type ClerkCardRow = z.infer<typeof ClerkCardRow>;

export const CardModeView = z.object({
  memberId: MemberId,
  name: z.string(),
  expiresAt: IsoTime,
  /** waiting: for a card on any reader; setting-up: a new card's key is being written, it must stay on the reader. */
  phase: z.enum(['waiting', 'setting-up']),
  /** Why the tap before did not register a card (the mode waits again). */
  notice: Bilingual.nullable(),
});

export const CardModeResult = z.object({
  memberId: MemberId,
  name: z.string(),
  uid: z.string(),
  ok: z.boolean(),
  /** The council's key was written onto the card (a new card set up, or a card moved to the current master key). */
  personalised: z.boolean(),
  /** The card was registered to the member now; false with ok: it was the member's card already, only its key was renewed. */
  registered: z.boolean(),
  /** Why the card was refused. */
  message: Bilingual.nullable(),
  at: IsoTime,
});

export const ClerkVoteRow = z.object({
  member: MemberRef,
  present: z.boolean(),
  ineligibleReason: Ineligibility.nullable(),
  voted: z.boolean(),
  manual: z.boolean(),
});

/** A declaration for the record or a note of the clerk (RULES.md §9), withdrawn or not. */
export const RecordNoteView = z.object({
  id: z.string(),
  /** null: on the session as a whole. */
  itemId: ItemId.nullable(),
  /** "TOP 3 – Haushaltssatzung", null for the session as a whole. */
  itemLabel: z.string().nullable(),
  kind: z.enum(['declaration', 'note']),
  /** Who made the declaration; null for the clerk's note. */
  member: MemberRef.nullable(),
  text: z.string(),
  at: IsoTime,
  withdrawn: z.object({ at: IsoTime, reason: z.string() }).nullable(),
});
export type RecordNoteView = z.infer<typeof RecordNoteView>;

export const ClerkView = z.object({
  body: z.object({ name: z.string(), place: z.string(), legalMembers: z.number().int() }),
  session: z.object({ id: z.string(), title: z.string(), date: z.string() }),
  profile: CouncilProfile,
  factions: z.array(Faction.extend({ members: z.number().int() })),
  members: z.array(ClerkMemberRow),
  cards: z.array(ClerkCardRow),
  seats: z.array(Seat.extend({ occupant: MemberRef.nullable() })),
  quorum: QuorumView,
  /** "Register card" mode: the next card tapped on any reader becomes this member's card. */
  cardMode: CardModeView.nullable(),
  lastCardResult: CardModeResult.nullable(),
  /** The open vote, for manual ballots: who may vote and who has voted (never how); no rows in secret votes. */
  vote: z.object({ summary: VoteSummary, rows: z.array(ClerkVoteRow) }).nullable(),
  /** Closed and cancelled votes, newest first, with corrections of their results. */
  history: z.array(
    z.object({
      summary: VoteSummary,
      result: VoteResultView.nullable(),
      corrections: z.array(CorrectionView),
      cancelReason: z.string().nullable(),
    }),
  ),
  /** The agenda in its order, for choosing the item of a declaration or note. */
  agenda: z.array(z.object({ id: ItemId, number: z.string(), title: z.string() })),
  /** Declarations for the record and the clerk's notes, in the order they were added. */
  recordNotes: z.array(RecordNoteView),
  /** Enrolled devices and open pairing codes. */
  devices: DevicesView,
  /** As on the chair's console: the log cannot be written, or its disk is slow. */
  storageAlarm: StorageAlarmView.nullable().optional(),
  storageSlow: StorageSlowView.nullable().optional(),
  /**
   * A card key rotation is under way (a previous master key is loaded, docs/card-keys.md): the
   * cards whose last tap passed only with the previous key, to be re-personalised. Absent or
   * null: no rotation.
   */
  cardRotation: z.object({ cards: z.array(z.object({ uid: z.string(), seenAt: IsoTime })) }).nullable().optional(),
});
export type ClerkView = z.infer<typeof ClerkView>;

export const ImportRowError = z.object({ column: z.string().nullable(), message: Bilingual });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportPreview = z.object({
  factions: z.array(z.object({ line: z.number().int(), faction: Faction.nullable(), errors: z.array(ImportRowError) })),
  members: z.array(
    z.object({ line: z.number().int(), member: Member.nullable(), card: z.string().nullable(), errors: z.array(ImportRowError) }),
  ),
  /** Errors of a whole file (header, encoding) or of the import as a whole (e.g. too many members with vote). */
  fileErrors: z.array(z.object({ file: z.enum(['factions', 'members', 'import']), message: Bilingual })),
  valid: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

const ImportRequest = z.object({ factionsCsv: CsvText, membersCsv: CsvText }).strict();

/** The wording of a declaration or note: what the minutes will say. */
const NoteText = z.string().trim().min(1).max(4000);
const AddRecordNoteRequest = z.discriminatedUnion('kind', [
  /** A member's declaration for the record ("zu Protokoll"). */
  z.object({ kind: z.literal('declaration'), itemId: ItemId.nullable(), memberId: MemberId, text: NoteText }).strict(),
  /** The clerk's own note. */
  z.object({ kind: z.literal('note'), itemId: ItemId.nullable(), text: NoteText }).strict(),
]);

const ManualBallotRequest = z.object({ voteId: VoteId, memberId: MemberId, choice: Choice, reason: Reason }).strict();
const CorrectResultRequest = z.object({ voteId: VoteId, tally: Tally, reason: Reason }).strict();

/** Manual ballots and corrections: the chair may enter them too. */
export const manualEntryCommands = {
  manualBallot: { request: ManualBallotRequest, response: Empty },
  correctResult: { request: CorrectResultRequest, response: Empty },
} as const;

export const clerkCommands = {
  addMember: { request: z.object({ member: Member }).strict(), response: Empty },
  updateMember: { request: z.object({ member: Member }).strict(), response: Empty },
  retireMember: { request: z.object({ memberId: MemberId, until: IsoDate, reason: OptionalReason }).strict(), response: Empty },
  addFaction: { request: z.object({ faction: Faction }).strict(), response: Empty },
  updateFaction: { request: z.object({ faction: Faction }).strict(), response: Empty },
  addSeat: { request: z.object({ seat: Seat }).strict(), response: Empty },
  updateSeat: { request: z.object({ seat: Seat }).strict(), response: Empty },
  updateProfile: { request: z.object({ profile: CouncilProfile }).strict(), response: Empty },
  setLegalMembers: { request: z.object({ legalMembers: z.number().int().min(1).max(2000), reason: OptionalReason }).strict(), response: Empty },
  /** Checks CSV files without recording anything. */
  previewImport: { request: ImportRequest, response: ImportPreview },
  /** Records the whole import as one batch, or nothing (refused with import-invalid and the preview's errors). */
  importCsv: {
    request: ImportRequest,
    response: z.object({ factions: z.number().int(), members: z.number().int(), cards: z.number().int() }),
  },
  startCardMode: { request: z.object({ memberId: MemberId }).strict(), response: z.object({ expiresAt: IsoTime }) },
  cancelCardMode: { request: Empty, response: Empty },
  revokeCard: { request: z.object({ uid: CardUid, reason: Reason }).strict(), response: Empty },
  manualCheckIn: { request: z.object({ memberId: MemberId, seatId: SeatId, reason: OptionalReason }).strict(), response: Empty },
  manualCheckOut: { request: z.object({ memberId: MemberId, reason: OptionalReason }).strict(), response: Empty },
  /** A declaration for the record or a note for the minutes, on an item or (itemId null) on the session. */
  addRecordNote: { request: AddRecordNoteRequest, response: z.object({ noteId: z.string() }) },
  /** A mistaken entry is not deleted: it is withdrawn with a reason, and the minutes show both. */
  withdrawRecordNote: { request: z.object({ noteId: z.string().min(1).max(100), reason: Reason }).strict(), response: Empty },
  ...manualEntryCommands,
  ...deviceCommands,
  ...exportTicketCommands,
} as const;
