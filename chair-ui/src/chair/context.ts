import { createContext, useContext } from 'react';
import type { RoleClient } from '../../../server/protocol/client';
import { useAction, type Action } from '../live';

export const ChairClientContext = createContext<RoleClient<'chair'> | null>(null);

/** A command action of the chair console, with its own busy and error state. */
export function useChairAction(): Action {
  const client = useContext(ChairClientContext);
  if (!client) throw new Error('useChairAction outside of ChairClientContext');
  return useAction(client);
}
