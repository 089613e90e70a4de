import type { Namespace, Server, Socket } from 'socket.io';
import type { RemoteCardReaderDriver } from '../../drivers/card-readers/remote';
import type { CouncilState } from '../domain';
import { AgentHandshake } from '../protocol/agent';
import { PROTOCOL_VERSION } from '../protocol/common';
import { ROLES, WIRE, type CommandResult } from '../protocol/commands';
import { errorPayload, type ErrorPayload } from '../protocol/errors';
import { fail, parseCommand, RateLimiter } from './door';

export interface AgentGatewayOptions {
  state: () => CouncilState;
  remote: RemoteCardReaderDriver;
  /** An extra check of the handshake; the device check itself runs before (realtime/device-gate.ts). */
  authorize?: (auth: AgentHandshake) => boolean;
  /** An agent declared seats (to map their readers). */
  onSeatsDeclared: (seats: readonly number[]) => void;
}

interface AgentData {
  agentId: string;
  seats: Set<number>;
}

const MAX_BAD_MESSAGES = 50;

/** The "/agent" namespace: seat units forward their card readers' state here. */
export class AgentGateway {
  private readonly ns: Namespace;

  constructor(io: Server, o: AgentGatewayOptions) {
    this.ns = io.of(ROLES.agent.namespace);
    this.ns.use((socket, next) => {
      const auth = AgentHandshake.safeParse(socket.handshake.auth);
      if (!auth.success) return next(rejection(errorPayload('validation-failed', { detail: 'agent handshake' })));
      if (auth.data.protocol !== PROTOCOL_VERSION) {
        return next(rejection(errorPayload('protocol-version', { client: auth.data.protocol, server: PROTOCOL_VERSION })));
      }
      const unknown = auth.data.seats.find((s) => !o.state().seats.has(s));
      if (unknown !== undefined) return next(rejection(errorPayload('seat-unknown', { seat: unknown })));
      if (o.authorize && !o.authorize(auth.data)) return next(rejection(errorPayload('agent-not-authorized')));
      (socket.data as AgentData).agentId = auth.data.agentId;
      (socket.data as AgentData).seats = new Set(auth.data.seats);
      next();
    });
    this.ns.on('connection', (socket) => {
      const data = socket.data as AgentData;
      o.onSeatsDeclared([...data.seats]);
      const state = o.state();
      socket.emit(WIRE.view, {
        agentId: data.agentId,
        seats: [...data.seats].map((id) => ({ id, label: state.seats.get(id)?.label ?? String(id) })),
      });
      socket.on('disconnect', () => o.remote.agentGone(data.agentId, [...data.seats]));
      this.bind(socket, (seatId, report) => {
        // an agent speaks only for the seats it declared
        if (!data.seats.has(seatId)) return errorPayload('agent-seat-not-declared', { seat: seatId });
        o.remote.report(data.agentId, seatId, report);
        return null;
      });
    });
  }

  close(): void {
    this.ns.disconnectSockets(true);
  }

  private bind(socket: Socket, handle: (seatId: number, report: Parameters<RemoteCardReaderDriver['report']>[2]) => ErrorPayload | null): void {
    const limiter = new RateLimiter(20, 80);
    let bad = 0;
    socket.on(WIRE.command, (raw: unknown, ack: unknown) => {
      const strike = () => {
        bad += 1;
        if (bad > MAX_BAD_MESSAGES) socket.disconnect(true);
      };
      if (typeof ack !== 'function') return strike();
      const reply = ack as (r: CommandResult<unknown>) => void;
      if (!limiter.take()) {
        strike();
        return reply(fail(errorPayload('rate-limited')));
      }
      const parsed = parseCommand(ROLES.agent.commands, raw);
      if (!parsed.ok) {
        strike();
        return reply(fail(parsed.error));
      }
      const p = ROLES.agent.commands.report.request.parse(parsed.payload);
      const error = handle(p.seatId, { reader: p.reader, card: p.card ? { ...p.card, ...(p.card.atr ? { atr: p.card.atr.toUpperCase() } : {}) } : null });
      reply(error ? fail(error) : { ok: true, data: {} });
    });
  }
}

function rejection(error: ErrorPayload): Error & { data: ErrorPayload } {
  return Object.assign(new Error(error.message.en), { data: error });
}
