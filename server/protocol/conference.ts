import { z } from 'zod';
import { FactionId, IsoTime, ItemId, SeatId } from './common';

/**
 * Conference parts of the views: session lifecycle, speaker list, microphones. MemberRef is
 * passed in to avoid a cycle with views.ts.
 */

export const SessionStatus = z.enum(['planned', 'open', 'interrupted', 'closed']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const LifecycleView = z.object({
  status: SessionStatus,
  openedAt: IsoTime.nullable(),
  closedAt: IsoTime.nullable(),
  /** The running interruption, if any. */
  interruption: z.object({ reason: z.string(), since: IsoTime }).nullable(),
  /** Every interruption of the session, for the chair and the minutes. */
  interruptions: z.array(z.object({ reason: z.string(), from: IsoTime, to: IsoTime.nullable() })),
});
export type LifecycleView = z.infer<typeof LifecycleView>;

export const RequestKind = z.enum(['ordinary', 'point-of-order']);
export type RequestKind = z.infer<typeof RequestKind>;

export const SpeakingTotals = z.object({ count: z.number().int(), seconds: z.number().int() });
export type SpeakingTotals = z.infer<typeof SpeakingTotals>;

export function conferenceViews<M extends z.ZodType>(MemberRef: M) {
  const FloorView = z.object({
    itemId: ItemId,
    member: MemberRef,
    seatId: SeatId.nullable(),
    seatLabel: z.string().nullable(),
    kind: RequestKind,
    since: IsoTime,
    /** 0: no limit. */
    limitS: z.number().int(),
    /** When the speaking time runs out; null without a limit. Clients count down to it with serverTime's offset. */
    endsAt: IsoTime.nullable(),
    /** What happens at zero (the council's setting). */
    atZero: z.enum(['warn', 'mute']),
  });
  const QueueEntry = z.object({
    position: z.number().int().min(1),
    member: MemberRef,
    kind: RequestKind,
    byHand: z.boolean(),
    requestedAt: IsoTime,
    /** How often and how long this member has spoken on this item. */
    onItem: SpeakingTotals,
  });
  const ChairSpeakersView = z.object({
    itemId: ItemId.nullable(),
    closed: z.boolean(),
    /** Speaking time on the current item (its own setting or the council's default). */
    limitS: z.number().int(),
    floor: FloorView.nullable(),
    queue: z.array(QueueEntry),
    /** Per member and per faction over the whole session. */
    stats: z.object({
      members: z.array(z.object({ member: MemberRef, count: z.number().int(), seconds: z.number().int() })),
      factions: z.array(
        z.object({
          factionId: FactionId.nullable(),
          name: z.string(),
          shortName: z.string(),
          color: z.string(),
          count: z.number().int(),
          seconds: z.number().int(),
        }),
      ),
    }),
  });
  const PublicSpeakersView = z.object({
    floor: FloorView.nullable(),
    next: z.array(z.object({ position: z.number().int(), member: MemberRef, kind: RequestKind })),
    closed: z.boolean(),
  });
  const SeatSpeakersView = PublicSpeakersView.extend({
    /** This seat's member's requests on the current item, with their position. */
    mine: z.array(z.object({ kind: RequestKind, position: z.number().int() })),
    queued: z.number().int(),
  });
  return { FloorView, QueueEntry, ChairSpeakersView, PublicSpeakersView, SeatSpeakersView };
}

export const MicMode = z.enum(['chair-controlled', 'fifo', 'free']);
export type MicMode = z.infer<typeof MicMode>;

export const MicLamp = z.enum(['off', 'request', 'waiting']);

/** One unit's microphone as the driver reports it. */
export const MicUnitView = z.object({ seatId: SeatId, on: z.boolean(), lamp: MicLamp });
export type MicUnitView = z.infer<typeof MicUnitView>;

export const MicsView = z.object({
  driver: z.string(),
  mode: MicMode,
  maxOpen: z.number().int(),
  units: z.array(MicUnitView.extend({ label: z.string(), /** The chair's desk: its mic has priority. */ chair: z.boolean() })),
});
export type MicsView = z.infer<typeof MicsView>;
