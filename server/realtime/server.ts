import { randomUUID } from 'node:crypto';
import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { simulatedReaderId, type SimulatedCardReaderDriver } from '../../drivers/card-readers';
import { DomainError, views, type Command, type CouncilState } from '../domain';
import { displayName } from '../domain/queries';
import { positionOf } from '../domain/rules/speaker-order';
import { PROTOCOL_VERSION } from '../protocol/common';
import {
  HandshakeAuth,
  ROLES,
  WIRE,
  type CommandName,
  type CommandResult,
  type CommandSpec,
  type ResponseOf,
  type Role,
} from '../protocol/commands';
import { errorPayload, type ErrorPayload } from '../protocol/errors';
import type { ChairView, DeviceRow, Notice, SeatView } from '../protocol/views';
import type { CardEnrolment } from '../session/card-enrolment';
import { recordIfNotGenuine, type ReaderStatus } from '../session/card-login';
import { clerkView } from '../domain/clerk-view';
import { clerkHandlers, manualEntryHandlers, type DeviceHandlers } from './clerk';
import { exportTicketHandlers } from './export-ticket-handler';
import type { ExportTickets } from '../security/export-tickets';
import type { ClerkView } from '../protocol/clerk';
import type { CardRotationView } from '../security/card-rotation';
import type { DevicesView } from '../protocol/devices';
import type { MicrophoneControl } from '../session/microphones';
import { clockMs, TRACE_LEGS, withLegs } from '../diagnostics/legs';
import { StoreFailureError, TRACE_COMMITS, type SessionService } from '../session/service';
import type { StoredEvent } from '../store/event-store';
import { fail, parseCommand, RateLimiter } from './door';
import { ViewSender } from './view-sender';
import { chairProcedureHandlers, seatProcedureHandlers, type ProcedureContext } from './procedure-handlers';

export interface RealtimeOptions {
  session: SessionService;
  /** The simulated driver the demo card panel controls; null outside demo mode. */
  demo: SimulatedCardReaderDriver | null;
  readerStatus: (seatId: number) => ReaderStatus;
  newVoteId: () => string;
  /** Least time between two pushes of the chair's and the display's views. */
  viewIntervalMs?: number;
  /** The clerk's "register card" mode. */
  enrolment?: CardEnrolment | null;
  /** The microphone controller; null without a microphone system. */
  mics?: MicrophoneControl | null;
  /** Seats may send keyboard-wedge taps. */
  keyboardWedge?: boolean;
  /** Whether the card master key is loaded: without it the clerk cannot require challenge-response. */
  cardKeyLoaded?: boolean;
  /** The chair's device overview. */
  devices?: () => DeviceRow[];
  /** Re-reads the reader map file: the number of mapped readers, or a DomainError. */
  reloadReaderMap?: () => number;
  /** Checks and writes the reader map file, then loads it: the number of mapped readers, or a DomainError. */
  saveReaderMap?: (readers: readonly { reader: string; seat: number }[]) => number;
  /** Enrolled devices and open pairing codes, for the clerk. */
  devicesView?: () => DevicesView;
  /** A card key rotation under way: the cards still on the previous key (null: none under way). */
  cardRotation?: () => CardRotationView | null;
  /** The clerk's device commands. */
  deviceHandlers?: DeviceHandlers | null;
  /** One-time download tickets for the exports, issued to chair and clerk devices. */
  exportTickets?: ExportTickets | null;
}

interface SeatData {
  seatId: number;
}

type RequestPayload<R extends Role, K extends CommandName<R>> = (typeof ROLES)[R]['commands'][K] extends CommandSpec
  ? z.output<(typeof ROLES)[R]['commands'][K]['request']>
  : never;
type Handlers<R extends Role> = {
  [K in CommandName<R>]: (payload: RequestPayload<R, K>, socket: Socket) => Promise<ResponseOf<R, K>>;
};

const MAX_BAD_MESSAGES = 50;

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof DomainError) return errorPayload(err.code, err.params);
  if (err instanceof StoreFailureError) return errorPayload('store-failure');
  console.error('unexpected error while handling a command', err);
  return errorPayload('internal-error');
}

/** How long the views of recorded ballots may wait while more ballots are being written. */
const BALLOT_VIEW_MAX_WAIT_MS = 100;
/** Commands queued or being written from which on the server treats the ballots as a burst. */
const BURST_BACKLOG = 8;

/** Calls fn at most once per interval, always with the latest state (leading and trailing). */
class Coalescer {
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => void,
  ) {}

  poke(): void {
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) return this.run();
    this.timer = setTimeout(() => this.run(), wait);
  }

  flush(): void {
    if (this.timer) this.run();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.timer = null;
    this.last = Date.now();
    this.fn();
  }
}

/**
 * Socket.IO, one namespace per role. Authenticates the connection, validates every message at
 * the door, hands commands to the session service and pushes each role its own view.
 * No rule is decided here.
 */
export class Realtime {
  private readonly seat: Namespace;
  private readonly chair: Namespace;
  private readonly display: Namespace;
  private storageAlarm: { since: string; detail: string } | null = null;
  private readonly clerk: Namespace;
  private readonly clerkPush: Coalescer;
  private readonly chairPush: Coalescer;
  private readonly displayPush: Coalescer;
  private readonly unsubscribe: () => void;
  private readonly views = new ViewSender();
  /** Seats whose own ballot changed and whose view has not been sent yet (see flushBallotSeats). */
  private readonly ballotSeats = new Set<number>();
  private ballotTimer: NodeJS.Timeout | null = null;

  constructor(
    io: Server,
    private readonly o: RealtimeOptions,
  ) {
    this.seat = io.of(ROLES.seat.namespace);
    this.chair = io.of(ROLES.chair.namespace);
    this.display = io.of(ROLES.display.namespace);
    this.clerk = io.of(ROLES.clerk.namespace);
    const interval = o.viewIntervalMs ?? 100;
    // whole views on connect, then only what changed, at most once per interval
    this.clerkPush = new Coalescer(interval, () => this.views.broadcast(this.clerk, () => this.clerkView()));
    this.chairPush = new Coalescer(interval, () => this.views.broadcast(this.chair, () => this.chairView()));
    this.displayPush = new Coalescer(interval, () => this.views.broadcast(this.display, () => this.displayView()));

    this.seat.use((socket, next) => {
      const auth = this.checkHandshake(socket);
      if ('error' in auth) return next(rejection(auth.error));
      if (auth.seatId === undefined || !this.state.seats.has(auth.seatId)) {
        return next(rejection(errorPayload('seat-unknown', { seat: auth.seatId ?? '?' })));
      }
      (socket.data as SeatData).seatId = auth.seatId;
      next();
    });
    for (const ns of [this.chair, this.display, this.clerk]) {
      ns.use((socket, next) => {
        const auth = this.checkHandshake(socket);
        next('error' in auth ? rejection(auth.error) : undefined);
      });
    }

    this.seat.on('connection', (socket) => {
      const { seatId } = socket.data as SeatData;
      void socket.join(seatRoom(seatId));
      this.emitSeat(seatId, socket);
      this.bindCommands('seat', socket, this.seatHandlers());
    });
    this.chair.on('connection', (socket) => {
      this.views.send(socket, this.chairView());
      this.bindCommands('chair', socket, this.chairHandlers());
    });
    this.clerk.on('connection', (socket) => {
      this.views.send(socket, this.clerkView());
      this.bindCommands('clerk', socket, clerkHandlers({ session: o.session, enrolment: o.enrolment ?? null, devices: o.deviceHandlers ?? null, cardKeyLoaded: o.cardKeyLoaded, exportTickets: o.exportTickets ?? null }));
    });
    this.display.on('connection', (socket) => {
      this.views.send(socket, this.displayView());
      this.bindCommands('display', socket, {});
    });

    const unsubscribeLog = o.session.subscribe((stored) => this.publish(stored));
    const unsubscribeHealth = o.session.subscribeStorageHealth(() => this.storageChanged());
    this.unsubscribe = () => {
      unsubscribeLog();
      unsubscribeHealth();
    };
  }

  private get state(): CouncilState {
    return this.o.session.state;
  }

  /** Tells one seat why its card or command was refused. */
  notifySeat(seatId: number, error: unknown): void {
    if (error instanceof StoreFailureError) this.raiseStorageAlarm(error);
    const e = toErrorPayload(error);
    const notice: Notice = { level: 'error', code: e.code, message: e.message, at: new Date().toISOString() };
    this.seat.to(seatRoom(seatId)).emit(WIRE.notice, notice);
  }

  /** Microphones or lamps of these seats changed (outside the log). */
  micsChanged(seatIds: readonly number[]): void {
    for (const seatId of seatIds) this.emitSeat(seatId);
    this.chairPush.poke();
  }

  private chairView(): ChairView {
    const view: ChairView = {
      ...views.chairView(this.state, { now: new Date().toISOString(), mics: this.o.mics?.view() ?? null }),
      storageAlarm: this.storageAlarm,
      storageSlow: this.o.session.slowStorage,
    };
    if (this.o.devices) view.devices = this.o.devices();
    return view;
  }

  private displayView() {
    return views.displayView(this.state, { now: new Date().toISOString() });
  }

  /** Something outside the log changed for a seat (its reader came or went). */
  seatChanged(seatId: number): void {
    this.emitSeat(seatId);
    this.chairPush.poke();
  }

  /** A card reader came, went or was mapped: the chair's device overview changed. */
  devicesChanged(): void {
    this.chairPush.poke();
  }

  /** The clerk's card mode changed (outside the log). */
  clerkChanged(): void {
    this.clerkPush.poke();
  }

  close(): void {
    this.unsubscribe();
    this.clerkPush.cancel();
    this.chairPush.cancel();
    this.displayPush.cancel();
    this.cancelBallotTimer();
  }

  private checkHandshake(socket: Socket): z.infer<typeof HandshakeAuth> | { error: ErrorPayload } {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return { error: errorPayload('validation-failed', { detail: 'handshake' }) };
    if (auth.data.protocol !== PROTOCOL_VERSION) {
      return { error: errorPayload('protocol-version', { client: auth.data.protocol, server: PROTOCOL_VERSION }) };
    }
    return auth.data;
  }

  private publish(stored: readonly StoredEvent[]): void {
    // a write went through: the log is writable again
    if (this.storageAlarm) {
      this.storageAlarm = null;
      this.storageChanged();
    }
    const seats = new Set<number>();
    let allSeats = false;
    for (const { event } of stored) {
      switch (event.type) {
        case 'BallotCast':
        case 'SecretBallotCast':
        case 'ElectionBallotCast':
        case 'SecretElectionBallotCast':
          this.ballotSeats.add(event.seatId);
          break;
        case 'CheckedIn':
        case 'CheckedOut':
          seats.add(event.seatId);
          break;
        default:
          allSeats = true;
      }
    }
    const shared = views.seatViewShared(this.state, new Date().toISOString());
    // a change for every seat (a vote opens or closes): equal patches go out as one broadcast
    if (allSeats) {
      this.views.sendEach(this.seat, this.seatViews(this.connectedSeats(), shared));
      // every seat's view is up to date now, its own ballot included
      this.ballotSeats.clear();
    } else for (const seatId of seats) this.emitSeat(seatId, undefined, shared);
    this.flushBallotSeats(false, shared);
    this.chairPush.poke();
    this.displayPush.poke();
    this.clerkPush.poke();
  }

  /**
   * Sends the seats whose own ballot was recorded their view (the ballot in it). The seat already
   * knows from the command's acknowledgement, which it shows ("gespeichert"); the view is the
   * server's word for later. So during a burst (at least BURST_BACKLOG commands queued or being
   * written) these views wait until the backlog is gone, at most BALLOT_VIEW_MAX_WAIT_MS, and the
   * acknowledgements of the following groups go out first. Otherwise (spread voting: a ballot
   * now and then) the view goes out at once, as before.
   */
  private flushBallotSeats(force: boolean, shared?: views.SeatViewShared): void {
    if (this.ballotSeats.size === 0) {
      this.cancelBallotTimer();
      return;
    }
    if (!force && this.o.session.backlog >= BURST_BACKLOG) {
      this.ballotTimer ??= setTimeout(() => {
        this.ballotTimer = null;
        this.flushBallotSeats(true);
      }, BALLOT_VIEW_MAX_WAIT_MS);
      return;
    }
    this.cancelBallotTimer();
    const common = shared ?? views.seatViewShared(this.state, new Date().toISOString());
    for (const seatId of this.ballotSeats) this.emitSeat(seatId, undefined, common);
    this.ballotSeats.clear();
  }

  private cancelBallotTimer(): void {
    if (this.ballotTimer) clearTimeout(this.ballotTimer);
    this.ballotTimer = null;
  }

  private clerkView(): ClerkView {
    return {
      ...clerkView(this.state, this.o.enrolment?.extras() ?? { cardMode: null, lastCardResult: null }),
      devices: this.o.devicesView?.() ?? { devices: [], pending: [], staffUnlock: 'none' },
      storageAlarm: this.storageAlarm,
      storageSlow: this.o.session.slowStorage,
      cardRotation: this.o.cardRotation?.() ?? null,
    };
  }

  private connectedSeats(): number[] {
    const ids: number[] = [];
    for (const room of this.seat.adapter.rooms.keys()) {
      if (room.startsWith('seat:')) ids.push(Number(room.slice(5)));
    }
    return ids;
  }

  /** Each connection of these seats with its seat's view. */
  private *seatViews(seatIds: Iterable<number>, shared: views.SeatViewShared): Generator<readonly [Socket, SeatView]> {
    for (const seatId of seatIds) {
      const view = this.buildSeatView(seatId, shared);
      if (!view) continue;
      for (const id of this.seat.adapter.rooms.get(seatRoom(seatId)) ?? []) {
        const s = this.seat.sockets.get(id);
        if (s) yield [s, view];
      }
    }
  }

  private buildSeatView(seatId: number, shared?: views.SeatViewShared): SeatView | null {
    const view = views.seatView(
      this.state,
      seatId,
      { demo: this.o.demo !== null, reader: this.o.readerStatus(seatId), mic: this.o.mics?.seatMic(seatId) ?? null, now: new Date().toISOString() },
      shared,
    );
    if (view && this.o.keyboardWedge) view.keyboardWedge = true;
    return view;
  }

  private emitSeat(seatId: number, socket?: Socket, shared?: views.SeatViewShared): void {
    const view = this.buildSeatView(seatId, shared);
    if (!view) return;
    if (socket) return this.views.send(socket, view);
    for (const id of this.seat.adapter.rooms.get(seatRoom(seatId)) ?? []) {
      const s = this.seat.sockets.get(id);
      if (s) this.views.send(s, view);
    }
  }

  private bindCommands<R extends Role>(role: R, socket: Socket, handlers: Partial<Handlers<R>>): void {
    const limiter = new RateLimiter(20, 40);
    let bad = 0;
    const strike = () => {
      bad += 1;
      // garbage or a flood: this is not a seat unit doing its job
      if (bad > MAX_BAD_MESSAGES) socket.disconnect(true);
    };
    // anything but a command is not part of the protocol: answer it if it asks, and count it
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === WIRE.command) return;
      strike();
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (r: CommandResult<unknown>) => void)(fail(errorPayload('unknown-command', { name: String(event).slice(0, 64) })));
    });
    socket.on(WIRE.command, (raw: unknown, ack: unknown) => {
      const arrived = TRACE_LEGS ? clockMs() : 0;
      if (typeof ack !== 'function') return strike();
      const send = ack as (r: CommandResult<unknown>) => void;
      // RATSSAAL_TRACE_LEGS (load bench): the answer also says when the command came and went
      const reply = TRACE_LEGS ? (r: CommandResult<unknown>) => send(withLegs(r, arrived)) : send;
      if (!limiter.take()) {
        strike();
        return reply(fail(errorPayload('rate-limited')));
      }
      const parsed = parseCommand(ROLES[role].commands, raw);
      if (!parsed.ok) {
        strike();
        return reply(fail(parsed.error));
      }
      const handler = handlers[parsed.name as CommandName<R>] as ((p: unknown, s: Socket) => Promise<unknown>) | undefined;
      if (!handler) return reply(fail(errorPayload('unknown-command', { name: parsed.name })));
      // the commit trace also gives each command's time from its arrival to its answer
      const received = TRACE_COMMITS ? performance.now() : 0;
      const answer = TRACE_COMMITS
        ? (r: CommandResult<unknown>) => {
            reply(r);
            console.log(`command: ${parsed.name} ${(performance.now() - received).toFixed(2)} ms in the server`);
          }
        : reply;
      // a handler that throws before its first await must still answer, not take the process down
      Promise.resolve()
        .then(() => handler(parsed.payload, socket))
        .then(
          (data) => answer({ ok: true, data }),
          (err: unknown) => answer(fail(toErrorPayload(err))),
        );
    });
  }

  private submit(command: Command, actor: Parameters<SessionService['submit']>[1]) {
    return this.o.session.submit(command, actor).catch((err: unknown) => {
      if (err instanceof StoreFailureError) this.raiseStorageAlarm(err);
      throw err;
    });
  }

  /** The log could not be written: the chair must know at once that nothing is being recorded. */
  private raiseStorageAlarm(err: StoreFailureError): void {
    this.storageAlarm ??= { since: new Date().toISOString(), detail: err.message };
    this.storageChanged();
  }

  /** The storage alarm or the slow-disk warning changed: both staff consoles show them. */
  private storageChanged(): void {
    this.chairPush.poke();
    this.clerkPush.poke();
  }

  private procedureContext(): ProcedureContext {
    return { state: () => this.state, submit: (c, a) => this.submit(c, a), newVoteId: this.o.newVoteId };
  }

  private seatHandlers(): Handlers<'seat'> {
    const seatOf = (socket: Socket) => (socket.data as SeatData).seatId;
    const procedure = seatProcedureHandlers(this.procedureContext());
    const demo = () => {
      if (!this.o.demo) throw new DomainError('demo-disabled');
      return this.o.demo;
    };
    return {
      castBallot: async (p, socket) => {
        const seatId = seatOf(socket);
        const committed = await this.submit({ type: 'castBallot', voteId: p.voteId, seatId, choice: p.choice, key: p.key }, { kind: 'seat', seatId });
        const first = committed.stored[0];
        if (first) return { voteId: p.voteId, choice: p.choice, at: first.at, duplicate: false };
        // a retry of a ballot already recorded: answer from the record
        const vote = this.state.votes.get(p.voteId);
        const memberId = vote?.keys.get(p.key);
        const ballot = memberId === undefined ? undefined : vote?.ballots.get(memberId);
        const at = memberId === undefined ? undefined : vote?.participants.get(memberId);
        return { voteId: p.voteId, choice: ballot?.choice ?? null, at: at ?? new Date().toISOString(), duplicate: true };
      },
      requestVoteKind: (p, socket) => procedure.requestVoteKind(p, seatOf(socket)),
      objectToElection: (p, socket) => procedure.objectToElection(p, seatOf(socket)),
      castElectionBallot: (p, socket) => procedure.castElectionBallot(p, seatOf(socket)),
      requestFloor: async (p, socket) => {
        const seatId = seatOf(socket);
        await this.submit({ type: 'requestFloor', seatId, kind: p.kind }, { kind: 'seat', seatId });
        const memberId = this.state.seatOccupant.get(seatId);
        const itemId = this.state.currentItemId;
        const requests = itemId === null ? [] : (this.state.speakers.lists.get(itemId)?.requests ?? []);
        return { position: (memberId === undefined ? null : positionOf(requests, memberId, p.kind)) ?? 0 };
      },
      withdrawFloorRequest: async (p, socket) => {
        const seatId = seatOf(socket);
        await this.submit({ type: 'withdrawFloorRequest', seatId, kind: p.kind }, { kind: 'seat', seatId });
        return {};
      },
      pressMic: async (p, socket) => {
        if (!this.o.mics) throw new DomainError('mics-disabled');
        const mic = this.o.mics.press(seatOf(socket), p.on);
        return Promise.resolve({ on: mic.on, lamp: mic.lamp });
      },
      demoTap: (p, socket) => {
        const reader = simulatedReaderId(seatOf(socket));
        if (p.card) {
          return demo()
            .tapCard(reader, p.uid, p.card)
            .then((ok) => {
              if (!ok) throw new DomainError('reader-unknown', { reader });
              return {};
            });
        }
        if (!demo().tap(reader, p.uid)) throw new DomainError('reader-unknown', { reader });
        return Promise.resolve({});
      },
      wedgeTap: async (p, socket) => {
        if (!this.o.keyboardWedge) throw new DomainError('keyboard-wedge-disabled');
        const seatId = seatOf(socket);
        const actor = { kind: 'reader', readerId: `wedge-seat-${seatId}`, seatId } as const;
        try {
          await this.submit({ type: 'presentCard', seatId, cardUid: p.uid }, actor);
        } catch (err) {
          // a typed UID proves nothing: with challenge-response required it is refused and recorded
          recordIfNotGenuine(this.o.session, err, { seatId, cardUid: p.uid, purpose: 'login' }, actor, (m, e) => console.warn(m, e));
          // the seat shows a refused card the same way whichever reader it came from
          this.notifySeat(seatId, err);
          throw err;
        }
        return {};
      },
      demoRemove: (_p, socket) => {
        demo().remove(simulatedReaderId(seatOf(socket)));
        return Promise.resolve({});
      },
      demoCards: () => {
        demo();
        const cards = (this.state.register?.cards ?? []).flatMap((c) => {
          const m = this.state.members.get(c.memberId);
          if (!m) return [];
          const f = m.factionId === null ? undefined : this.state.factions.get(m.factionId);
          return [{ uid: c.uid, name: displayName(m), faction: f?.shortName ?? null }];
        });
        return Promise.resolve({ cards });
      },
    };
  }

  private chairHandlers(): Handlers<'chair'> {
    const chair = { kind: 'chair' } as const;
    const done = async (command: Command) => {
      await this.submit(command, chair);
      return {};
    };
    return {
      selectItem: (p) => done({ type: 'selectItem', itemId: p.itemId }),
      openVote: async (p) => {
        const voteId = this.o.newVoteId();
        await this.submit({ type: 'openVote', voteId, ...p }, chair);
        return { voteId };
      },
      closeVote: async (p) => {
        await this.submit({ type: 'closeVote', voteId: p.voteId }, chair);
        const vote = this.state.votes.get(p.voteId);
        const result = vote ? views.resultView(this.state, vote, 'chair') : null;
        if (!result) throw new Error(`vote ${p.voteId} closed without a result`);
        return { result };
      },
      cancelVote: (p) => done({ type: 'cancelVote', voteId: p.voteId, reason: p.reason }),
      setBias: (p) => done({ type: 'setBias', ...p }),
      recordQuorumLack: () => done({ type: 'recordQuorumLack' }),
      clearQuorumLack: () => done({ type: 'clearQuorumLack' }),
      ...manualEntryHandlers(this.o.session, 'chair'),
      ...chairProcedureHandlers(this.procedureContext()),
      openSession: () => done({ type: 'openSession' }),
      interruptSession: (p) => done({ type: 'interruptSession', reason: p.reason }),
      resumeSession: () => done({ type: 'resumeSession' }),
      closeSession: () => done({ type: 'closeSession' }),
      giveFloor: async (p) => {
        await this.submit({ type: 'giveFloor', ...(p.memberId === undefined ? {} : { memberId: p.memberId }) }, chair);
        const floor = this.state.speakers.floor;
        if (!floor) throw new Error('floor given but nobody has it');
        return { memberId: floor.memberId };
      },
      endFloor: () => done({ type: 'endFloor' }),
      addFloorRequest: (p) => done({ type: 'addFloorRequest', memberId: p.memberId, kind: p.kind }),
      removeFloorRequest: (p) => done({ type: 'removeFloorRequest', memberId: p.memberId, kind: p.kind }),
      moveFloorRequest: (p) => done({ type: 'moveFloorRequest', memberId: p.memberId, kind: p.kind, position: p.position }),
      closeSpeakerList: () => done({ type: 'closeSpeakerList' }),
      reopenSpeakerList: () => done({ type: 'reopenSpeakerList' }),
      setSpeakingTime: (p) => done({ type: 'setSpeakingTime', seconds: p.seconds }),
      addAgendaItem: async (p) => {
        const itemId = `it-${randomUUID().slice(0, 8)}`;
        await this.submit({ type: 'addAgendaItem', item: { ...p.item, id: itemId }, ...(p.position === undefined ? {} : { position: p.position }) }, chair);
        return { itemId };
      },
      changeAgendaItem: (p) => done({ type: 'changeAgendaItem', item: p.item }),
      moveAgendaItem: (p) => done({ type: 'moveAgendaItem', itemId: p.itemId, position: p.position }),
      removeAgendaItem: (p) => done({ type: 'removeAgendaItem', itemId: p.itemId }),
      importAgenda: async (p) => {
        await this.submit({ type: 'importAgenda', items: p.items }, chair);
        return { count: p.items.length };
      },
      chairMic: async (p) => {
        if (!this.o.mics) throw new DomainError('mics-disabled');
        this.o.mics.setChairMic(p.on);
        return Promise.resolve({});
      },
      // async: a refusal must become a rejected promise, which the door turns into the answer
      saveReaderMap: async (p) => {
        if (!this.o.saveReaderMap) throw new DomainError('reader-map-invalid', { detail: 'no map file' });
        const readers = this.o.saveReaderMap(p.readers);
        this.chairPush.poke();
        return Promise.resolve({ readers });
      },
      reloadReaderMap: async () => {
        if (!this.o.reloadReaderMap) throw new DomainError('reader-map-invalid', { detail: 'no map file' });
        const readers = this.o.reloadReaderMap();
        this.chairPush.poke();
        return Promise.resolve({ readers });
      },
      ...exportTicketHandlers(this.o.exportTickets ?? null),
    };
  }
}

function seatRoom(seatId: number): string {
  return `seat:${seatId}`;
}

/** A refused handshake carries the typed error in `data`, which socket.io-client exposes. */
function rejection(error: ErrorPayload): Error & { data: ErrorPayload } {
  return Object.assign(new Error(error.message.en), { data: error });
}
