import { z } from 'zod';
import { CardUid, Choice, IdempotencyKey, IsoTime, ItemId, MajorityRule, MemberId, SeatId, VoteId, VoteKind } from './common';
import { ClerkView, clerkCommands, manualEntryCommands } from './clerk';
import { DeviceToken, Pin } from './devices';
import { RequestKind } from './conference';
import { AgendaItem } from './register';
import type { ErrorPayload } from './errors';
import { chairProcedureCommands, seatProcedureCommands } from './procedure';
import { ChairView, DisplayView, Notice, SeatView, VoteResultView } from './views';
import { agentCommands, AgentView } from './agent';
import { exportTicketCommands } from './export-tickets';

/**
 * The one typed message map. A client emits `command` with { name, payload } and an ack
 * callback; the server answers with a CommandResult. Pushes come as `view` and `notice`.
 */
export const WIRE = { command: 'command', view: 'view', notice: 'notice', viewPatch: 'viewPatch' } as const;

const Empty = z.object({}).strict();
const Text = (max: number) => z.string().trim().min(1).max(max);

export const seatCommands = {
  castBallot: {
    request: z.object({ voteId: VoteId, choice: Choice, key: IdempotencyKey }).strict(),
    response: z.object({
      voteId: VoteId,
      /** The recorded choice; null on a repeated secret ballot, whose choice the server cannot know. */
      choice: Choice.nullable(),
      at: IsoTime,
      duplicate: z.boolean(),
    }),
  },
  /** Demo mode only: the simulated card reader of this seat. */
  /**
   * card: a genuine card, a clone of its UID, or a new card with the factory key, to be set up at
   * the clerk's registration (cloning-resistant cards); without it a plain UID card.
   */
  demoTap: { request: z.object({ uid: CardUid, card: z.enum(['genuine', 'clone', 'factory']).optional() }).strict(), response: Empty },
  demoRemove: { request: Empty, response: Empty },
  ...seatProcedureCommands,
  /** Ask for the floor on the current item (ordinary or "zur Geschäftsordnung"). */
  requestFloor: { request: z.object({ kind: RequestKind }).strict(), response: z.object({ position: z.number().int() }) },
  withdrawFloorRequest: { request: z.object({ kind: RequestKind }).strict(), response: Empty },
  /** The talk button of the seat's microphone (free and FIFO modes; the touchscreen stands in for a hardware button). */
  pressMic: { request: z.object({ on: z.boolean() }).strict(), response: z.object({ on: z.boolean(), lamp: z.enum(['off', 'request', 'waiting']) }) },
  /** A keyboard-wedge reader at this seat typed a card UID (only when enabled on the server). */
  wedgeTap: { request: z.object({ uid: CardUid }).strict(), response: Empty },
  demoCards: {
    request: Empty,
    response: z.object({
      cards: z.array(z.object({ uid: z.string(), name: z.string(), faction: z.string().nullable() })),
    }),
  },
} as const;

export const chairCommands = {
  selectItem: { request: z.object({ itemId: ItemId }).strict(), response: Empty },
  openVote: {
    request: z
      .object({
        itemId: ItemId,
        title: Text(300),
        motion: z.string().trim().max(5000).optional(),
        kind: VoteKind,
        majority: MajorityRule,
      })
      .strict(),
    response: z.object({ voteId: VoteId }),
  },
  closeVote: { request: z.object({ voteId: VoteId }).strict(), response: z.object({ result: VoteResultView }) },
  cancelVote: { request: z.object({ voteId: VoteId, reason: Text(500) }).strict(), response: Empty },
  setBias: {
    request: z
      .object({ itemId: ItemId, memberId: MemberId, excluded: z.boolean(), reason: z.string().trim().max(500).optional() })
      .strict(),
    response: Empty,
  },
  recordQuorumLack: { request: Empty, response: Empty },
  clearQuorumLack: { request: Empty, response: Empty },
  ...manualEntryCommands,
  ...chairProcedureCommands,
  openSession: { request: Empty, response: Empty },
  interruptSession: { request: z.object({ reason: Text(500) }).strict(), response: Empty },
  resumeSession: { request: Empty, response: Empty },
  closeSession: { request: Empty, response: Empty },
  /** memberId omitted: the next in order (points of order first). */
  giveFloor: { request: z.object({ memberId: MemberId.optional() }).strict(), response: z.object({ memberId: MemberId }) },
  endFloor: { request: Empty, response: Empty },
  addFloorRequest: { request: z.object({ memberId: MemberId, kind: RequestKind }).strict(), response: Empty },
  removeFloorRequest: { request: z.object({ memberId: MemberId, kind: RequestKind }).strict(), response: Empty },
  /** position: 0-based within the request's own group (points of order stay ahead). */
  moveFloorRequest: {
    request: z.object({ memberId: MemberId, kind: RequestKind, position: z.number().int().min(0).max(9999) }).strict(),
    response: Empty,
  },
  closeSpeakerList: { request: Empty, response: Empty },
  reopenSpeakerList: { request: Empty, response: Empty },
  /** Speaking time per speaker on the current item, in seconds; 0: no limit. */
  setSpeakingTime: { request: z.object({ seconds: z.number().int().min(0).max(7200) }).strict(), response: Empty },
  /** Agenda editing ("Tagesordnung bearbeiten"); every edit is an event. The server gives a new item its id. */
  addAgendaItem: {
    request: z.object({ item: AgendaItem.omit({ id: true }), position: z.number().int().min(0).max(9999).optional() }).strict(),
    response: z.object({ itemId: ItemId }),
  },
  changeAgendaItem: { request: z.object({ item: AgendaItem }).strict(), response: Empty },
  moveAgendaItem: { request: z.object({ itemId: ItemId, position: z.number().int().min(0).max(9999) }).strict(), response: Empty },
  removeAgendaItem: { request: z.object({ itemId: ItemId }).strict(), response: Empty },
  /** Replaces the planned agenda with a whole file's items (see agenda-import.ts), all or nothing. */
  importAgenda: { request: z.object({ items: z.array(AgendaItem).min(1).max(500) }).strict(), response: z.object({ count: z.number().int() }) },
  /** The chair's own microphone: it has priority in every mode. */
  chairMic: { request: z.object({ on: z.boolean() }).strict(), response: Empty },
  /** Re-reads the reader-to-seat map file in the data folder (it is also re-read on every change). */
  reloadReaderMap: { request: Empty, response: z.object({ readers: z.number().int() }) },
  /** Writes the reader-to-seat map file from the console's editor (checked first; an invalid map changes nothing). */
  saveReaderMap: {
    request: z
      .object({ readers: z.array(z.object({ reader: z.string().trim().min(1).max(200), seat: SeatId }).strict()).max(2000) })
      .strict(),
    response: z.object({ readers: z.number().int() }),
  },
  ...exportTicketCommands,
} as const;

export const displayCommands = {} as const;

export interface CommandSpec {
  request: z.ZodType;
  response: z.ZodType;
}
export type CommandMap = Readonly<Record<string, CommandSpec>>;

export const ROLES = {
  seat: { namespace: '/seat', commands: seatCommands, view: SeatView },
  chair: { namespace: '/chair', commands: chairCommands, view: ChairView },
  display: { namespace: '/display', commands: displayCommands, view: DisplayView },
  clerk: { namespace: '/clerk', commands: clerkCommands, view: ClerkView },
  agent: { namespace: '/agent', commands: agentCommands, view: AgentView },
} as const;
export type Role = keyof typeof ROLES;
export type CommandsOf<R extends Role> = (typeof ROLES)[R]['commands'];
export type CommandName<R extends Role> = keyof CommandsOf<R> & string;
export type RequestOf<R extends Role, K extends CommandName<R>> = CommandsOf<R>[K] extends CommandSpec
  ? z.input<CommandsOf<R>[K]['request']>
  : never;
export type ResponseOf<R extends Role, K extends CommandName<R>> = CommandsOf<R>[K] extends CommandSpec
  ? z.output<CommandsOf<R>[K]['response']>
  : never;
export type ViewOf<R extends Role> = z.output<(typeof ROLES)[R]['view']>;

export const CommandEnvelope = z.object({ name: z.string().min(1).max(64), payload: z.unknown().optional() }).strict();

export type CommandResult<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

export const HandshakeAuth = z.object({
  protocol: z.number().int(),
  seatId: z.coerce.number().int().min(1).max(9999).optional(),
  /** The device credential, for clients without the cookie (browsers send the httpOnly cookie instead). */
  device: DeviceToken.optional(),
  /** Chair and clerk devices: the PIN chosen at pairing, checked on every connection. */
  pin: Pin.optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export { Notice };
