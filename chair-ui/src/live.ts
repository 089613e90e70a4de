import { useCallback, useState } from 'react';
import type { RoleClient } from '../../server/protocol/client';
import type { CommandName, RequestOf, ResponseOf } from '../../server/protocol/commands';
import type { Bilingual } from '../../server/protocol/labels';
import {
  type LiveConnection,
  sendCommand as send,
  useLiveConnection,
  type ConnectionSnapshot,
} from '../../ui-shared/live';
import { translate, type MessageKey } from './i18n';

export { LiveConnection } from '../../ui-shared/live';
export type { ConnState } from '../../ui-shared/live';

export type UiRole = 'chair' | 'display' | 'clerk';
export type LiveSnapshot<R extends UiRole> = ConnectionSnapshot<R>;

export function useLive<R extends UiRole>(live: LiveConnection<R>): LiveSnapshot<R> {
  return useLiveConnection(live);
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
  const outcome = await send(client, name, payload);
  if (outcome.ok) return outcome;
  switch (outcome.kind) {
    case 'refused':
      return { ok: false, message: outcome.error.message };
    case 'timeout':
      return { ok: false, message: bilingual('error.timeout') };
    case 'offline':
      return { ok: false, message: bilingual('error.offline') };
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
