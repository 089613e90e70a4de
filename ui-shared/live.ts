import { useSyncExternalStore } from 'react';
import { CommandTimeoutError, type RoleClient } from '../server/protocol/client';
import type { CommandName, RequestOf, ResponseOf, Role, ViewOf } from '../server/protocol/commands';
import { ErrorPayload } from '../server/protocol/errors';
import { ReconnectPolicy } from './reconnect';

export type ConnState = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionSnapshot<R extends Role> {
  /** The latest full view the server pushed; kept while disconnected so the screen stays readable. */
  view: ViewOf<R> | null;
  conn: ConnState;
  /** Set when the server refused the handshake (unknown seat, outdated page); socket.io does not retry that. */
  refused: ErrorPayload | null;
}

/**
 * An external store over one RoleClient, read with useSyncExternalStore. It listens from
 * construction on, so the view the server pushes right after connecting is never missed.
 * Subclasses may keep more state next to the connection's (S adds to ConnectionSnapshot).
 */
export class LiveConnection<R extends Role, S extends ConnectionSnapshot<R> = ConnectionSnapshot<R>> {
  protected snapshot: S;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly client: RoleClient<R>,
    extra = {} as Omit<S, keyof ConnectionSnapshot<R>>,
  ) {
    const socket = client.socket;
    const reconnect = new ReconnectPolicy();
    this.snapshot = { ...extra, view: null, conn: socket.connected ? 'connected' : 'connecting', refused: null } as S;
    client.onView((view) => this.update({ view } as Partial<S>));
    socket.on('connect', () => {
      reconnect.connected(Date.now());
      this.update({ conn: 'connected', refused: null } as Partial<S>);
    });
    socket.on('disconnect', (reason) => {
      this.update({ conn: 'disconnected' } as Partial<S>);
      // the server dropped us on purpose; socket.io does not reconnect that by itself
      // at once the first time, so a revocation's refusal shows now (see reconnect.ts)
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), reconnect.dropped(Date.now(), Math.random()));
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const payload = ErrorPayload.safeParse(err.data);
      this.update({ conn: 'disconnected', refused: payload.success ? payload.data : null } as Partial<S>);
    });
  }

  protected update(patch: Partial<S>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): S => this.snapshot;
}

/** The connection's current snapshot; re-renders on every change. */
export function useLiveConnection<R extends Role, S extends ConnectionSnapshot<R>>(live: LiveConnection<R, S>): S {
  return useSyncExternalStore(live.subscribe, live.getSnapshot);
}

/** A command's outcome as a UI needs it: done, refused with a reason, no answer, or not sent. */
export type CommandOutcome<T> =
  | { ok: true; data: T }
  | { ok: false; kind: 'refused'; error: ErrorPayload }
  | { ok: false; kind: 'timeout' }
  | { ok: false; kind: 'offline' };

/** Sends a command; never throws for refusals, time-outs or a missing connection. */
export async function sendCommand<R extends Role, K extends CommandName<R>>(
  client: RoleClient<R>,
  name: K,
  payload: RequestOf<R, K>,
): Promise<CommandOutcome<ResponseOf<R, K>>> {
  // socket.io would buffer the command and deliver it after a reconnect, long after the moment
  if (!client.socket.connected) return { ok: false, kind: 'offline' };
  try {
    const result = await client.send(name, payload);
    return result.ok ? { ok: true, data: result.data } : { ok: false, kind: 'refused', error: result.error };
  } catch (err) {
    if (err instanceof CommandTimeoutError) return { ok: false, kind: 'timeout' };
    throw err;
  }
}
