import { createContext, useContext } from 'react';
import type { RoleClient } from '../../server/protocol/client';
import type { CommandName } from '../../server/protocol/commands';
import type { Notice } from '../../server/protocol/views';
import { LiveConnection, useLiveConnection, type CommandOutcome, type ConnectionSnapshot } from '../../ui-shared/live';

export { sendCommand } from '../../ui-shared/live';
export type { ConnState } from '../../ui-shared/live';

export type SeatClient = RoleClient<'seat'>;

export interface ShownNotice {
  id: number;
  notice: Notice;
}

export interface SeatSnapshot extends ConnectionSnapshot<'seat'> {
  /** Refusals of card taps etc., each shown for a few seconds. */
  notices: readonly ShownNotice[];
}

const NOTICE_MS = 8000;
const MAX_NOTICES = 3;

/** The seat's one connection, plus the notices the server sends it. */
export class SeatLive extends LiveConnection<'seat', SeatSnapshot> {
  private nextNoticeId = 1;

  constructor(client: SeatClient) {
    super(client, { notices: [] });
    client.onNotice((notice) => this.addNotice(notice));
  }

  dismissNotice(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private addNotice(notice: Notice): void {
    const id = this.nextNoticeId++;
    this.update({ notices: [...this.snapshot.notices, { id, notice }].slice(-MAX_NOTICES) });
    setTimeout(() => this.dismissNotice(id), NOTICE_MS);
  }
}

export const SeatLiveContext = createContext<SeatLive | null>(null);

export function useSeatLive(): SeatLive {
  const live = useContext(SeatLiveContext);
  if (!live) throw new Error('useSeatLive outside <SeatLiveContext>');
  return live;
}

export function useSeatSnapshot(): SeatSnapshot {
  const live = useSeatLive();
  return useLiveConnection(live);
}

export type SeatCommand = CommandName<'seat'>;

/** A command's outcome as the UI needs it: done, refused with a reason, no answer, or not sent. */
export type Outcome<T> = CommandOutcome<T>;
