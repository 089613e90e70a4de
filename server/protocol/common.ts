import { z } from 'zod';

/** Bumped on every incompatible change of a message; clients send it in the handshake. */
export const PROTOCOL_VERSION = 1;

export const MemberId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
export const FactionId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
export const ItemId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
export const VoteId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/);
export const SeatId = z.number().int().min(1).max(9999);
/** Card UID as upper-case hex, 4 to 10 bytes (ISO 14443 single, double, triple size). */
export const CardUid = z
  .string()
  .transform((s) => s.replace(/[\s:]/g, '').toUpperCase())
  .pipe(z.string().regex(/^([0-9A-F]{2}){4,10}$/, 'card UID must be 4 to 10 bytes of hex'));
/** Idempotency key chosen by the client for one ballot attempt. */
export const IdempotencyKey = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const IsoTime = z.string().datetime({ offset: true });

export const Choice = z.enum(['yes', 'no', 'abstain']);
export type Choice = z.infer<typeof Choice>;
export const CHOICES: readonly Choice[] = Choice.options;

export const VoteKind = z.enum(['open', 'named', 'secret']);
export type VoteKind = z.infer<typeof VoteKind>;

export const VotingRight = z.enum(['full', 'advisory', 'none']);
export type VotingRight = z.infer<typeof VotingRight>;

export const MajorityBase = z.enum(['legal', 'present', 'cast']);
export type MajorityBase = z.infer<typeof MajorityBase>;

/**
 * The majority a vote needs (RULES.md §2, §3). "cast" counts yes + no only:
 * abstentions count as present, not toward the majority (GO NRW § 50 (5)).
 */
export const MajorityRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simple') }),
  z.object({ kind: z.literal('absoluteLegal') }),
  z.object({ kind: z.literal('twoThirdsLegal') }),
  z.object({ kind: z.literal('twoThirdsCast') }),
  z.object({
    kind: z.literal('fraction'),
    numerator: z.number().int().min(1).max(99),
    denominator: z.number().int().min(2).max(100),
    base: MajorityBase,
    /** 'moreThan' for "more than half", 'atLeast' for "at least two thirds". */
    comparison: z.enum(['moreThan', 'atLeast']),
  }).refine((r) => r.numerator < r.denominator, 'numerator must be smaller than denominator'),
]);
export type MajorityRule = z.infer<typeof MajorityRule>;

export const Tally = z.object({
  yes: z.number().int().min(0),
  no: z.number().int().min(0),
  abstain: z.number().int().min(0),
});
export type Tally = z.infer<typeof Tally>;
