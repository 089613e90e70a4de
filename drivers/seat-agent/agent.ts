import { RoleClient } from '../../server/protocol/client';
import { PROTOCOL_VERSION } from '../../server/protocol/common';
import type { CardCredential, CardReaderDriver } from '../card-readers/types';

export interface AgentSeat {
  seatId: number;
  /** The reader's name as pcsc-lite reports it; null: the first reader found (one seat only). */
  reader: string | null;
}

export interface SeatAgentOptions {
  /** https://host:port of the Ratssaal server. */
  server: string;
  /** The council's CA certificate (PEM): the server's certificate must be signed by it. */
  ca: string;
  agentId: string;
  seats: readonly AgentSeat[];
  driver: CardReaderDriver;
  /** The device credential from pairing (the token file); sent in the handshake. */
  token?: string;
  log?: (line: string) => void;
}

interface SeatState {
  seatId: number;
  wanted: string | null;
  reader: string | null;
  connected: boolean;
  card: CardCredential | null;
}

/**
 * Runs next to a seat unit: forwards the state of its card readers to the server's "/agent"
 * namespace. Each report is a seat's whole reader state, sent on every change and again after
 * every (re)connection, so nothing is lost while the network is down and nothing is doubled.
 * It speaks only for its configured seats; other readers are ignored.
 */
export class SeatAgent {
  private readonly seats: SeatState[];
  private readonly client: RoleClient<'agent'>;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly log: (line: string) => void;
  private readonly ignored = new Set<string>();
  /** The first refusal of the handshake that retrying cannot fix (unknown seat …). */
  fatal: Error | null = null;

  constructor(private readonly o: SeatAgentOptions) {
    if (o.seats.length === 0) throw new Error('a seat agent needs at least one seat');
    if (o.seats.length > 1 && o.seats.some((s) => s.reader === null)) {
      throw new Error('with more than one seat, name the reader of each: --seat 7="ACS ACR122U PICC Interface 00 00"');
    }
    this.log = o.log ?? ((line) => console.log(line));
    this.seats = o.seats.map((s) => ({ seatId: s.seatId, wanted: s.reader, reader: null, connected: false, card: null }));
    this.client = new RoleClient('agent', o.server, {
      validate: true,
      socket: {
        ca: o.ca,
        rejectUnauthorized: true,
        auth: { protocol: PROTOCOL_VERSION, agentId: o.agentId, seats: this.seats.map((s) => s.seatId), ...(o.token ? { token: o.token } : {}) },
        reconnectionDelayMax: 5000,
      },
    });
    this.client.socket.on('connect', () => {
      this.log(`verbunden / connected: ${o.server} (seats ${this.seats.map((s) => s.seatId).join(', ')})`);
      for (const s of this.seats) this.report(s);
    });
    this.client.socket.on('disconnect', (reason) => this.log(`getrennt / disconnected (${reason}); reconnecting`));
    this.client.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      const code = err.data?.code;
      this.log(`connection refused or failed: ${err.message}`);
      const final = ['seat-unknown', 'validation-failed', 'protocol-version', 'agent-not-authorized', 'agent-seat-not-declared', 'device-not-enrolled', 'device-revoked', 'device-wrong-role'];
      if (code !== undefined && final.includes(code)) {
        this.fatal = err;
        this.client.close();
      }
    });
    const d = o.driver;
    this.unsubscribe.push(
      d.on('readerAttached', (info) => {
        const s = this.seatFor(info.id, true);
        if (!s) return;
        s.connected = true;
        this.report(s);
      }),
      d.on('readerDetached', (id) => {
        const s = this.seatFor(id, false);
        if (!s) return;
        s.connected = false;
        this.report(s);
      }),
      d.on('cardPresent', (id, credential) => {
        const s = this.seatFor(id, false);
        if (!s) return;
        s.card = credential;
        this.report(s);
      }),
      d.on('cardRemoved', (id) => {
        const s = this.seatFor(id, false);
        if (!s) return;
        s.card = null;
        this.report(s);
      }),
      d.on('error', (err, id) => this.log(`card reader ${id ?? '(driver)'}: ${err.message}`)),
    );
  }

  get socket() {
    return this.client.socket;
  }

  async start(): Promise<void> {
    await this.o.driver.start();
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe) u();
    this.client.close();
    await this.o.driver.stop();
  }

  private seatFor(readerId: string, attaching: boolean): SeatState | null {
    const named = this.seats.find((s) => s.wanted === readerId);
    if (named) {
      named.reader = readerId;
      return named;
    }
    const assigned = this.seats.find((s) => s.reader === readerId);
    if (assigned) return assigned;
    const free = attaching ? this.seats.find((s) => s.wanted === null && s.reader === null) : undefined;
    if (free) {
      free.reader = readerId;
      this.log(`Kartenleser "${readerId}" ist Platz ${free.seatId} / reader "${readerId}" is seat ${free.seatId}`);
      return free;
    }
    if (!this.ignored.has(readerId)) {
      this.ignored.add(readerId);
      this.log(`reader "${readerId}" belongs to no configured seat; ignored`);
    }
    return null;
  }

  private report(s: SeatState): void {
    if (!this.client.socket.connected) return;
    const card = s.card
      ? {
          uid: s.card.uid,
          assurance: s.card.assurance,
          ...(s.card.atr ? { atr: s.card.atr } : {}),
          ...(s.card.previousKey ? { previousKey: true as const } : {}),
          ...(s.card.authFailure ? { authFailure: s.card.authFailure.slice(0, 300) } : {}),
        }
      : null;
    this.client
      .send('report', { seatId: s.seatId, reader: s.connected ? 'connected' : 'disconnected', card })
      .then((r) => {
        if (!r.ok) this.log(`report for seat ${s.seatId} refused: ${r.error.message.en}`);
      })
      // no answer: the connection dropped; the next connect sends the whole state again
      .catch(() => undefined);
  }
}
