import { z } from 'zod';
import { CardUid, FactionId, ItemId, MemberId, SeatId, VotingRight } from './common';

export const LoginModel = z.enum(['card-present', 'tap-toggle']);
export type LoginModel = z.infer<typeof LoginModel>;

/**
 * How a card proves it is the member's. uid: the UID read is enough (a UID is copied in
 * seconds). challenge-response: the card must prove its own AES-128 key (NTAG 424 DNA /
 * DESFire EV2 AuthenticateEV2First with a per-card diversified key); needs the card master key.
 */
export const CardAuthentication = z.enum(['uid', 'challenge-response']);
export type CardAuthentication = z.infer<typeof CardAuthentication>;

/** A share of the members, e.g. one fifth. */
export const Share = z
  .object({ numerator: z.number().int().min(1).max(99), denominator: z.number().int().min(1).max(100) })
  .refine((f) => f.numerator <= f.denominator, 'numerator must not exceed denominator');
export type Share = z.infer<typeof Share>;
export const NamedVoteRequestRule = z
  .object({
    /** Met when this many members support it; null: no member count, only a faction. */
    minMembers: z.number().int().min(1).max(2000).nullable(),
    /** Met when every present member of one faction supports it. */
    oneFaction: z.boolean(),
  })
  .refine((r) => r.minMembers !== null || r.oneFaction, 'a named vote needs a member count or a faction');
export type NamedVoteRequestRule = z.infer<typeof NamedVoteRequestRule>;

export const SecretVoteRequestRule = z
  .object({
    /** At least numerator/denominator of the base must support it (NRW: one fifth). */
    numerator: z.number().int().min(1).max(99),
    denominator: z.number().int().min(1).max(100),
    /** legal: of the legal number of members; present: of the members present with a vote. */
    base: z.enum(['legal', 'present']),
  })
  .refine((r) => r.numerator <= r.denominator, 'numerator must not exceed denominator');
export type SecretVoteRequestRule = z.infer<typeof SecretVoteRequestRule>;

export const ElectionRules = z.object({
  /** Offer "Nein" on election ballots (counts as a valid vote). */
  allowNo: z.boolean(),
  /** Offer "Enthaltung" on election ballots (not a valid vote). */
  allowAbstain: z.boolean(),
});
export type ElectionRules = z.infer<typeof ElectionRules>;

/** NRW defaults of the procedure settings, used where a profile does not set them. */
export const PROCEDURE_DEFAULTS = {
  namedVoteRequest: { minMembers: null, oneFaction: true },
  secretVoteRequest: { numerator: 1, denominator: 5, base: 'legal' },
  election: { allowNo: true, allowAbstain: true },
} as const satisfies { namedVoteRequest: NamedVoteRequestRule; secretVoteRequest: SecretVoteRequestRule; election: ElectionRules };

/** Settings from the council's Geschäftsordnung; NRW defaults (RULES.md). */
export const CouncilProfile = z.object({
  /**
   * card-present: a member is logged in while the card lies on the seat's reader; taking it
   * away logs out. tap-toggle: a tap logs in, a second tap at the same seat logs out.
   */
  loginModel: LoginModel.default('card-present'),
  /** Whether the display shows individual choices of open (not named) votes. Off by default. */
  showIndividualOpenVotes: z.boolean().default(false),
  /** Who can make a vote named (RULES.md §4). */
  namedVoteRequest: NamedVoteRequestRule.default(PROCEDURE_DEFAULTS.namedVoteRequest),
  /** Who can make a vote secret (RULES.md §4; GO NRW § 50 (1): one fifth of the legal members). */
  secretVoteRequest: SecretVoteRequestRule.default(PROCEDURE_DEFAULTS.secretVoteRequest),
  /** Ballot options of elections (RULES.md §6). */
  election: ElectionRules.default(PROCEDURE_DEFAULTS.election),
  /** Speaking time per speaker in seconds (RULES.md §10); 0: no limit. Each item can override it. */
  speakingTimeSeconds: z.number().int().min(0).max(7200).default(300),
  /** What happens when speaking time runs out: only warn (countdown turns red) or also mute the mic. */
  speakingTimeAtZero: z.enum(['warn', 'mute']).default('warn'),
  /** What a card must prove at login and registration (see CardAuthentication). */
  cardAuthentication: CardAuthentication.default('uid'),
});
export type CouncilProfile = z.infer<typeof CouncilProfile>;

export const Body = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  /** Where the body meets, for the minutes' header. */
  place: z.string().min(1).max(300),
  /** Legal number of members N (elected seats plus the mayor), the base of quorum and majorities. */
  legalMembers: z.number().int().min(1).max(2000),
});
export type Body = z.infer<typeof Body>;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be yyyy-mm-dd');

export const Faction = z.object({
  id: FactionId,
  name: z.string().min(1).max(200),
  shortName: z.string().min(1).max(30),
  /** #rrggbb */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});
export type Faction = z.infer<typeof Faction>;

/** committeeMember: a sworn citizen (sachkundige/r Bürger/in) sitting on a committee. */
export const MemberRole = z.enum(['mayor', 'member', 'officer', 'committeeMember']);
export type MemberRole = z.infer<typeof MemberRole>;

export const Member = z.object({
  id: MemberId,
  title: z.string().max(40).optional(),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  factionId: FactionId.nullable(),
  votingRight: VotingRight,
  role: MemberRole,
  /** First and last day of membership (yyyy-mm-dd, inclusive); absent: open-ended. */
  activeFrom: IsoDate.optional(),
  activeUntil: IsoDate.optional(),
});
export type Member = z.infer<typeof Member>;

export const Seat = z.object({
  id: SeatId,
  label: z.string().min(1).max(20),
  /** Position in the seat plan, 0..1 in both axes, origin top left (the chair's desk at the top). */
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  role: z.enum(['chair', 'member', 'staff']),
});
export type Seat = z.infer<typeof Seat>;

export const Card = z.object({
  uid: CardUid,
  memberId: MemberId,
});
export type Card = z.infer<typeof Card>;

export const AgendaItem = z.object({
  id: ItemId,
  /** "1", "1.1", "Ö 3" ... as printed on the invitation. */
  number: z.string().min(1).max(20),
  title: z.string().min(1).max(500),
  public: z.boolean(),
  motion: z.string().max(5000).optional(),
  /** Drucksache number. */
  documentRef: z.string().max(100).optional(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const SessionPlan = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/),
  title: z.string().min(1).max(300),
  /** yyyy-mm-dd, local date of the meeting. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** hh:mm as in the invitation. */
  startTime: z.string().regex(/^\d{2}:\d{2}$/),
  agenda: z.array(AgendaItem).min(1),
});
export type SessionPlan = z.infer<typeof SessionPlan>;

function unique<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length;
}

/** A whole register plus one planned session: the seed file format (seeds/*.json). */
export const Register = z
  .object({
    format: z.literal('ratssaal-seed/1'),
    body: Body,
    // prefault: a missing profile is parsed, so every setting gets its default
    profile: CouncilProfile.prefault({}),
    factions: z.array(Faction),
    members: z.array(Member).min(1),
    seats: z.array(Seat).min(1),
    cards: z.array(Card),
    session: SessionPlan,
  })
  .superRefine((r, ctx) => {
    const factionIds = new Set(r.factions.map((f) => f.id));
    const memberIds = new Set(r.members.map((m) => m.id));
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (!unique(r.factions.map((f) => f.id))) issue('faction ids must be unique', ['factions']);
    if (!unique(r.members.map((m) => m.id))) issue('member ids must be unique', ['members']);
    if (!unique(r.seats.map((s) => s.id))) issue('seat ids must be unique', ['seats']);
    if (!unique(r.cards.map((c) => c.uid))) issue('card UIDs must be unique', ['cards']);
    if (!unique(r.session.agenda.map((i) => i.id))) issue('agenda item ids must be unique', ['session', 'agenda']);
    r.members.forEach((m, i) => {
      if (m.factionId !== null && !factionIds.has(m.factionId)) issue(`unknown faction ${m.factionId}`, ['members', i, 'factionId']);
    });
    r.cards.forEach((c, i) => {
      if (!memberIds.has(c.memberId)) issue(`unknown member ${c.memberId}`, ['cards', i, 'memberId']);
    });
    const voting = r.members.filter((m) => m.votingRight === 'full').length;
    if (voting > r.body.legalMembers) issue(`${voting} members with full voting right exceed the legal number ${r.body.legalMembers}`, ['body', 'legalMembers']);
    if (r.members.filter((m) => m.role === 'mayor').length > 1) issue('at most one mayor', ['members']);
    r.members.forEach((m, i) => {
      if (m.activeFrom && m.activeUntil && m.activeUntil < m.activeFrom) issue('active period ends before it starts', ['members', i, 'activeUntil']);
    });
  });
export type Register = z.infer<typeof Register>;
export type RegisterInput = z.input<typeof Register>;
