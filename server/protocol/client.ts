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
import { Notice } from './views';

export interface ClientOptions {
  /** Seat clients only: which seat this device is. */
  seatId?: number;
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

  constructor(
    readonly role: R,
    baseUrl: string,
    private readonly options: ClientOptions = {},
  ) {
    const auth: Record<string, number> = { protocol: PROTOCOL_VERSION };
    if (options.seatId !== undefined) auth.seatId = options.seatId;
    this.socket = io(`${baseUrl.replace(/\/$/, '')}${ROLES[role].namespace}`, {
      auth,
      transports: ['websocket'],
      ...options.socket,
    });
  }

  /** Resolves with the server's answer; rejects with CommandTimeoutError if none comes in time. */
  async send<K extends CommandName<R>>(name: K, payload: RequestOf<R, K>, timeoutMs = 10_000): Promise<CommandResult<ResponseOf<R, K>>> {
    try {
      return (await this.socket.timeout(timeoutMs).emitWithAck(WIRE.command, { name, payload })) as CommandResult<ResponseOf<R, K>>;
    } catch {
      throw new CommandTimeoutError(name);
    }
  }

  onView(listener: (view: ViewOf<R>) => void): () => void {
    const schema = ROLES[this.role].view;
    const handler = (raw: unknown) => {
      if (!this.options.validate) {
        listener(raw as ViewOf<R>);
        return;
      }
      const parsed = schema.safeParse(raw);
      if (parsed.success) listener(parsed.data as ViewOf<R>);
      else console.error('view does not match the protocol', parsed.error.issues.slice(0, 3));
    };
    this.socket.on(WIRE.view, handler);
    return () => this.socket.off(WIRE.view, handler);
  }

  onNotice(listener: (notice: Notice) => void): () => void {
    const handler = (raw: unknown) => {
      const parsed = Notice.safeParse(raw);
      if (parsed.success) listener(parsed.data);
    };
    this.socket.on(WIRE.notice, handler);
    return () => this.socket.off(WIRE.notice, handler);
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
