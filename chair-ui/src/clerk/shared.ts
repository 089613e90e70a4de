import { createContext, useCallback, useContext, useState } from 'react';
import type { RoleClient } from '../../../server/protocol/client';
import type { CommandName, RequestOf, ResponseOf } from '../../../server/protocol/commands';
import { sendCommand } from '../../../ui-shared/live';
import { translate, useI18n, type Bilingual } from '../i18n';

/** The clerk's screens: German first, English second, side by side in the source. */
export function useTx(): (de: string, en: string) => string {
  const { lang } = useI18n();
  return useCallback((de: string, en: string) => (lang === 'de' ? de : en), [lang]);
}

export const ClerkClientContext = createContext<RoleClient<'clerk'> | null>(null);

export function useClerkClient(): RoleClient<'clerk'> {
  const client = useContext(ClerkClientContext);
  if (!client) throw new Error('ClerkClientContext is missing');
  return client;
}

type ClerkCommand = CommandName<'clerk'>;

export interface ClerkAction {
  busy: boolean;
  error: Bilingual | null;
  clearError: () => void;
  run: <K extends ClerkCommand>(name: K, payload: RequestOf<'clerk', K>) => Promise<ResponseOf<'clerk', K> | null>;
}

/** One action's state: busy while waiting, the refusal to show beside it. Never throws. */
export function useClerkAction(): ClerkAction {
  const client = useClerkClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Bilingual | null>(null);
  const clearError = useCallback(() => setError(null), []);
  const run = useCallback(
    async <K extends ClerkCommand>(name: K, payload: RequestOf<'clerk', K>): Promise<ResponseOf<'clerk', K> | null> => {
      setBusy(true);
      setError(null);
      try {
        const outcome = await sendCommand(client, name, payload);
        if (outcome.ok) return outcome.data;
        if (outcome.kind === 'refused') setError(outcome.error.message);
        else {
          const key = outcome.kind === 'timeout' ? 'error.timeout' : 'error.offline';
          setError({ de: translate('de', key), en: translate('en', key) });
        }
        return null;
      } finally {
        setBusy(false);
      }
    },
    [client],
  );
  return { busy, error, clearError, run };
}

export const VOTING_RIGHT_LABELS = {
  full: { de: 'Stimmrecht', en: 'Voting right' },
  advisory: { de: 'Beratend', en: 'Advisory' },
  none: { de: 'Kein Stimmrecht', en: 'No vote' },
} as const;

export const ROLE_LABELS = {
  mayor: { de: 'Bürgermeister/in', en: 'Mayor' },
  member: { de: 'Ratsmitglied', en: 'Council member' },
  committeeMember: { de: 'Ausschussmitglied', en: 'Committee member' },
  officer: { de: 'Verwaltung', en: 'Administration' },
} as const;

/** "12.03.2026" from "2026-03-12". */
export function germanDate(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
