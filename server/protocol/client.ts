import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { PROTOCOL_VERSION } from './common';
import {
  ROLES,
  WIRE,
  type CommandName,
  type CommandResult,
  type RequestOf,
  type ResponseOf,
  type Role,
  type ViewOf,
} from './commands';
import { applyPatch, ViewPatch } from './patch';
import { Notice } from './views';

export interface ClientOptions {
  /** Seat clients only: which seat this device is. */
  seatId?: number;
  /** The device credential, for clients that do not carry the httpOnly cookie (agents, tests, tools). */
  device?: string;
  /** Chair and clerk devices: the PIN chosen at pairing (kept in memory only). */
  pin?: string;
  /** Check each pushed view against its schema (UIs and tests: yes; load clients: no). */
  validate?: boolean;
  /** Passed to socket.io-client (e.g. `ca` for Node clients, `transports`). */
  socket?: Partial<ManagerOptions & SocketOptions> & { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

export class CommandTimeoutError extends Error {
  constructor(readonly command: string) {
    super(`no answer to ${command} in time`);
    this.name = 'CommandTimeoutError';
  }
}

/** A typed connection for one role: send(name, payload) and the role's view and notices. */
export class RoleClient<R extends Role> {
  readonly socket: Socket;
  /** The whole view as last received or rebuilt from a patch (before validation). */
  private base: unknown = undefined;
  private readonly viewListeners = new Set<(view: ViewOf<R>) => void>();

  constructor(
    readonly role: R,
    baseUrl: string,
    private readonly options: ClientOptions = {},
  ) {
    const auth: Record<string, number | string> = { protocol: PROTOCOL_VERSION };
    if (options.seatId !== undefined) auth.seatId = options.seatId;
    if (options.device !== undefined) auth.device = options.device;
    if (options.pin !== undefined) auth.pin = options.pin;
    this.socket = io(`${baseUrl.replace(/\/$/, '')}${ROLES[role].namespace}`, {
      auth,
      transports: ['websocket'],
      ...options.socket,
    });
    // the server sends a whole view first, then patches against the view it sent last
    this.socket.on(WIRE.view, (raw: unknown) => this.receive(raw));
    this.socket.on(WIRE.viewPatch, (raw: unknown) => {
      const patch = ViewPatch.safeParse(raw);
      if (!patch.success || this.base === undefined) return;
      try {
        this.receive(applyPatch(this.base, patch.data.ops));
      } catch (err) {
        console.error('view patch does not fit the last view', err);
      }
    });
    this.socket.on('disconnect', () => {
      this.base = undefined;
    });
  }

  private receive(raw: unknown): void {
    this.base = raw;
    let view = raw as ViewOf<R>;
    if (this.options.validate) {
      const parsed = ROLES[this.role].view.safeParse(raw);
      if (!parsed.success) {
        console.error('view does not match the protocol', parsed.error.issues.slice(0, 3));
        return;
      }
      view = parsed.data as ViewOf<R>;
    }
    for (const listener of [...this.viewListeners]) listener(view);
  }

  /** Resolves with the server's answer; rejects with CommandTimeoutError if none comes in time. */
  async send<K extends CommandName<R>>(name: K, payload: RequestOf<R, K>, timeoutMs = 10_000): Promise<CommandResult<ResponseOf<R, K>>> {
    try {
      return (await this.socket.timeout(timeoutMs).emitWithAck(WIRE.command, { name, payload })) as CommandResult<ResponseOf<R, K>>;
    } catch {
      throw new CommandTimeoutError(name);
    }
  }

  /** Whole views, whether they came whole or as a patch. */
  onView(listener: (view: ViewOf<R>) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  onNotice(listener: (notice: Notice) => void): () => void {
    const handler = (raw: unknown) => {
      const parsed = Notice.safeParse(raw);
      if (parsed.success) listener(parsed.data);
    };
    this.socket.on(WIRE.notice, handler);
    return () => this.socket.off(WIRE.notice, handler);
  }

  /**
   * Sets (or, with null, forgets) the PIN sent in the handshake and connects again with it:
   * the PIN screen of chair and clerk devices, and their "lock" button.
   */
  setPin(pin: string | null): void {
    const auth = { ...(this.socket.auth as Record<string, unknown>) };
    if (pin === null) delete auth.pin;
    else auth.pin = pin;
    this.socket.auth = auth;
    this.socket.disconnect();
    if (pin !== null) this.socket.connect();
  }

  close(): void {
    this.socket.close();
  }
}

/** A fresh idempotency key for one ballot attempt (kept across retries of that attempt). */
export function newBallotKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
