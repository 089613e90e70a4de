import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { simulatedReaderId, type SimulatedCardReaderDriver } from '../../drivers/card-readers';
import { DomainError, views, type Command, type CouncilState } from '../domain';
import { displayName } from '../domain/queries';
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
import type { DeviceRow, Notice } from '../protocol/views';
import type { ReaderStatus } from '../session/card-login';
import { StoreFailureError, type SessionService } from '../session/service';
import type { StoredEvent } from '../store/event-store';
import { fail, parseCommand, RateLimiter } from './door';

export interface RealtimeOptions {
  session: SessionService;
  /** The simulated driver the demo card panel controls; null outside demo mode. */
  demo: SimulatedCardReaderDriver | null;
  readerStatus: (seatId: number) => ReaderStatus;
  newVoteId: () => string;
  /** Least time between two pushes of the chair's and the display's views. */
  viewIntervalMs?: number;
  /** Seats may send keyboard-wedge taps. */
  keyboardWedge?: boolean;
  /** The chair's device overview. */
  devices?: () => DeviceRow[];
  /** Re-reads the reader map file: the number of mapped readers, or a DomainError. */
  reloadReaderMap?: () => number;
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
  private readonly chairPush: Coalescer;
  private readonly displayPush: Coalescer;
  private readonly unsubscribe: () => void;

  constructor(
    io: Server,
    private readonly o: RealtimeOptions,
  ) {
    this.seat = io.of(ROLES.seat.namespace);
    this.chair = io.of(ROLES.chair.namespace);
    this.display = io.of(ROLES.display.namespace);
    const interval = o.viewIntervalMs ?? 100;
    this.chairPush = new Coalescer(interval, () => this.chair.emit(WIRE.view, this.chairView()));
    this.displayPush = new Coalescer(interval, () => this.display.emit(WIRE.view, views.displayView(this.state)));

    this.seat.use((socket, next) => {
      const auth = this.checkHandshake(socket);
      if ('error' in auth) return next(rejection(auth.error));
      if (auth.seatId === undefined || !this.state.seats.has(auth.seatId)) {
        return next(rejection(errorPayload('seat-unknown', { seat: auth.seatId ?? '?' })));
      }
      (socket.data as SeatData).seatId = auth.seatId;
      next();
    });
    for (const ns of [this.chair, this.display]) {
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
      socket.emit(WIRE.view, this.chairView());
      this.bindCommands('chair', socket, this.chairHandlers());
    });
    this.display.on('connection', (socket) => {
      socket.emit(WIRE.view, views.displayView(this.state));
      this.bindCommands('display', socket, {});
    });

    this.unsubscribe = o.session.subscribe((stored) => this.publish(stored));
  }

  private get state(): CouncilState {
    return this.o.session.state;
  }

  /** Tells one seat why its card or command was refused. */
  notifySeat(seatId: number, error: unknown): void {
    const e = toErrorPayload(error);
    const notice: Notice = { level: 'error', code: e.code, message: e.message, at: new Date().toISOString() };
    this.seat.to(seatRoom(seatId)).emit(WIRE.notice, notice);
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

  private chairView() {
    const view = views.chairView(this.state);
    if (this.o.devices) view.devices = this.o.devices();
    return view;
  }

  close(): void {
    this.unsubscribe();
    this.chairPush.cancel();
    this.displayPush.cancel();
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
    const seats = new Set<number>();
    let allSeats = false;
    for (const { event } of stored) {
      switch (event.type) {
        case 'BallotCast':
        case 'SecretBallotCast':
        case 'CheckedIn':
        case 'CheckedOut':
          seats.add(event.seatId);
          break;
        default:
          allSeats = true;
      }
    }
    const shared = views.seatViewShared(this.state);
    const targets = allSeats ? this.connectedSeats() : seats;
    for (const seatId of targets) this.emitSeat(seatId, undefined, shared);
    this.chairPush.poke();
    this.displayPush.poke();
  }

  private connectedSeats(): number[] {
    const ids: number[] = [];
    for (const room of this.seat.adapter.rooms.keys()) {
      if (room.startsWith('seat:')) ids.push(Number(room.slice(5)));
    }
    return ids;
  }

  private emitSeat(seatId: number, socket?: Socket, shared?: views.SeatViewShared): void {
    const view = views.seatView(this.state, seatId, { demo: this.o.demo !== null, reader: this.o.readerStatus(seatId) }, shared);
    if (!view) return;
    if (this.o.keyboardWedge) view.keyboardWedge = true;
    if (socket) socket.emit(WIRE.view, view);
    else this.seat.to(seatRoom(seatId)).emit(WIRE.view, view);
  }

  private bindCommands<R extends Role>(role: R, socket: Socket, handlers: Partial<Handlers<R>>): void {
    const limiter = new RateLimiter(20, 40);
    let bad = 0;
    const strike = () => {
      bad += 1;
      // garbage or a flood: this is not a seat unit doing its job
      if (bad > MAX_BAD_MESSAGES) socket.disconnect(true);
    };
    socket.on(WIRE.command, (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return strike();
      const reply = ack as (r: CommandResult<unknown>) => void;
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
      handler(parsed.payload, socket).then(
        (data) => reply({ ok: true, data }),
        (err: unknown) => reply(fail(toErrorPayload(err))),
      );
    });
  }

  private submit(command: Command, actor: Parameters<SessionService['submit']>[1]) {
    return this.o.session.submit(command, actor);
  }

  private seatHandlers(): Handlers<'seat'> {
    const seatOf = (socket: Socket) => (socket.data as SeatData).seatId;
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
      demoTap: (p, socket) => {
        const reader = simulatedReaderId(seatOf(socket));
        if (!demo().tap(reader, p.uid)) throw new DomainError('reader-unknown', { reader });
        return Promise.resolve({});
      },
      wedgeTap: async (p, socket) => {
        if (!this.o.keyboardWedge) throw new DomainError('keyboard-wedge-disabled');
        const seatId = seatOf(socket);
        try {
          await this.submit({ type: 'presentCard', seatId, cardUid: p.uid }, { kind: 'reader', readerId: `wedge-seat-${seatId}`, seatId });
        } catch (err) {
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
      // async: a refusal must become a rejected promise, which the door turns into the answer
      reloadReaderMap: async () => {
        if (!this.o.reloadReaderMap) throw new DomainError('reader-map-invalid', { detail: 'no map file' });
        const readers = this.o.reloadReaderMap();
        this.chairPush.poke();
        return Promise.resolve({ readers });
      },
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
