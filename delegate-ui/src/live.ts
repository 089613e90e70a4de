import { createContext, useContext, useSyncExternalStore } from 'react';
import { CommandTimeoutError, type RoleClient } from '../../server/protocol/client';
import type { CommandName, RequestOf, ResponseOf } from '../../server/protocol/commands';
import { ErrorPayload } from '../../server/protocol/errors';
import type { Notice, SeatView } from '../../server/protocol/views';

export type SeatClient = RoleClient<'seat'>;
export type ConnState = 'connecting' | 'connected' | 'disconnected';

export interface ShownNotice {
  id: number;
  notice: Notice;
}

export interface SeatSnapshot {
  /** The latest full view; kept while disconnected so the screen stays readable. */
  view: SeatView | null;
  conn: ConnState;
  /** The server refused the handshake (unknown seat, outdated page); socket.io does not retry that. */
  refused: ErrorPayload | null;
  /** Refusals of card taps etc., each shown for a few seconds. */
  notices: readonly ShownNotice[];
}

const NOTICE_MS = 8000;
const MAX_NOTICES = 3;

/**
 * An external store over the seat's one RoleClient, read with useSyncExternalStore. It listens
 * from construction on, so the view the server pushes right after connecting is never missed.
 */
export class SeatLive {
  private snapshot: SeatSnapshot;
  private readonly listeners = new Set<() => void>();
  private nextNoticeId = 1;

  constructor(readonly client: SeatClient) {
    const socket = client.socket;
    this.snapshot = { view: null, conn: socket.connected ? 'connected' : 'connecting', refused: null, notices: [] };
    client.onView((view) => this.update({ view }));
    client.onNotice((notice) => this.addNotice(notice));
    socket.on('connect', () => this.update({ conn: 'connected', refused: null }));
    socket.on('disconnect', (reason) => {
      this.update({ conn: 'disconnected' });
      // the server dropped us on purpose; socket.io does not reconnect that by itself
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 3000);
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const payload = ErrorPayload.safeParse(err.data);
      this.update({ conn: 'disconnected', refused: payload.success ? payload.data : null });
    });
  }

  dismissNotice(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private addNotice(notice: Notice): void {
    const id = this.nextNoticeId++;
    this.update({ notices: [...this.snapshot.notices, { id, notice }].slice(-MAX_NOTICES) });
    setTimeout(() => this.dismissNotice(id), NOTICE_MS);
  }

  private update(patch: Partial<SeatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SeatSnapshot => this.snapshot;
}

export const SeatLiveContext = createContext<SeatLive | null>(null);

export function useSeatLive(): SeatLive {
  const live = useContext(SeatLiveContext);
  if (!live) throw new Error('useSeatLive outside <SeatLiveContext>');
  return live;
}

export function useSeatSnapshot(): SeatSnapshot {
  const live = useSeatLive();
  return useSyncExternalStore(live.subscribe, live.getSnapshot);
}

export type SeatCommand = CommandName<'seat'>;

/** A command's outcome as the UI needs it: done, refused with a reason, no answer, or not sent. */
export type Outcome<T> =
  | { ok: true; data: T }
  | { ok: false; kind: 'refused'; error: ErrorPayload }
  | { ok: false; kind: 'timeout' }
  | { ok: false; kind: 'offline' };

/** Sends a seat command; never throws for refusals, time-outs or a missing connection. */
export async function sendCommand<K extends SeatCommand>(
  client: SeatClient,
  name: K,
  payload: RequestOf<'seat', K>,
): Promise<Outcome<ResponseOf<'seat', K>>> {
  // socket.io would buffer the command and deliver it after a reconnect, long after the touch
  if (!client.socket.connected) return { ok: false, kind: 'offline' };
  try {
    const result = await client.send(name, payload);
    return result.ok ? { ok: true, data: result.data } : { ok: false, kind: 'refused', error: result.error };
  } catch (err) {
    if (err instanceof CommandTimeoutError) return { ok: false, kind: 'timeout' };
    throw err;
  }
}
