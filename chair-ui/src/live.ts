import { useCallback, useState, useSyncExternalStore } from 'react';
import { CommandTimeoutError, type RoleClient } from '../../server/protocol/client';
import type { CommandName, RequestOf, ResponseOf, ViewOf } from '../../server/protocol/commands';
import { ErrorPayload } from '../../server/protocol/errors';
import type { Bilingual } from '../../server/protocol/labels';
import { translate, type MessageKey } from './i18n';

export type UiRole = 'chair' | 'display';
export type ConnState = 'connecting' | 'connected' | 'disconnected';

export interface LiveSnapshot<R extends UiRole> {
  /** The latest full view the server pushed; kept while disconnected so the screen stays readable. */
  view: ViewOf<R> | null;
  conn: ConnState;
  /** Set when the server refused the handshake (e.g. an outdated page). */
  refused: Bilingual | null;
}

/** An external store over one RoleClient: React reads it with useSyncExternalStore. */
export class LiveConnection<R extends UiRole> {
  private snapshot: LiveSnapshot<R>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly client: RoleClient<R>) {
    this.snapshot = { view: null, conn: client.socket.connected ? 'connected' : 'connecting', refused: null };
    client.onView((view) => this.update({ view }));
    const socket = client.socket;
    socket.on('connect', () => this.update({ conn: 'connected', refused: null }));
    socket.on('disconnect', (reason) => {
      this.update({ conn: 'disconnected' });
      // the server dropped us on purpose; socket.io does not retry that by itself
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 3000);
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const payload = ErrorPayload.safeParse(err.data);
      this.update({ conn: 'disconnected', refused: payload.success ? payload.data.message : null });
    });
  }

  private update(patch: Partial<LiveSnapshot<R>>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): LiveSnapshot<R> => this.snapshot;
}

export function useLive<R extends UiRole>(live: LiveConnection<R>): LiveSnapshot<R> {
  return useSyncExternalStore(live.subscribe, live.getSnapshot);
}

function bilingual(key: MessageKey): Bilingual {
  return { de: translate('de', key), en: translate('en', key) };
}

export type ChairCommand = CommandName<'chair'>;
export type Outcome<T> = { ok: true; data: T } | { ok: false; message: Bilingual };

/** Sends a chair command; never throws: refusals, time-outs and a missing connection become a message. */
export async function sendCommand<K extends ChairCommand>(
  client: RoleClient<'chair'>,
  name: K,
  payload: RequestOf<'chair', K>,
): Promise<Outcome<ResponseOf<'chair', K>>> {
  // socket.io would buffer the command and send it after a reconnect, possibly long after the moment
  if (!client.socket.connected) return { ok: false, message: bilingual('error.offline') };
  try {
    const result = await client.send(name, payload);
    return result.ok ? { ok: true, data: result.data } : { ok: false, message: result.error.message };
  } catch (err) {
    if (err instanceof CommandTimeoutError) return { ok: false, message: bilingual('error.timeout') };
    throw err;
  }
}

export interface Action {
  busy: boolean;
  error: Bilingual | null;
  clearError: () => void;
  run: <K extends ChairCommand>(name: K, payload: RequestOf<'chair', K>) => Promise<ResponseOf<'chair', K> | null>;
}

/** One action's state for a component: busy while waiting, the refusal to show beside it. */
export function useAction(client: RoleClient<'chair'>): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  const clearError = useCallback(() => setError(null), []);
  const run = useCallback(
    async <K extends ChairCommand>(name: K, payload: RequestOf<'chair', K>): Promise<ResponseOf<'chair', K> | null> => {
      setBusy(true);
      setError(null);
      try {
        const outcome = await sendCommand(client, name, payload);
        if (outcome.ok) return outcome.data;
        setError(outcome.message);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [client],
  );
  return { busy, error, clearError, run };
}
