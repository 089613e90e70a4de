import type { CardReaderDriver } from '../../drivers/card-readers/types';
import type { ReaderSeatMap } from '../../drivers/card-readers/reader-map';
import type { SessionService } from './service';

export type ReaderStatus = 'connected' | 'disconnected' | 'none';

export interface CardLoginOptions {
  session: SessionService;
  driver: CardReaderDriver;
  readers: ReaderSeatMap;
  /** A card event was refused (unknown card, card in use elsewhere …): tell that seat why. */
  onRefused: (seatId: number, error: unknown) => void;
  /** A seat's reader came or went. */
  onReaderStatus: (seatId: number, status: ReaderStatus) => void;
  /** A reader no seat is mapped to, or a driver fault. */
  onWarning: (message: string, error?: unknown) => void;
  /** "Register card" mode: may take a card (and its removal) before it becomes a check-in. */
  enrolment?: { takeCard(readerId: string, uid: string): boolean; takeRemoval(readerId: string): boolean };
}

/**
 * Turns card events into session commands. The login model (card lies on the reader, or tap to
 * toggle) is a domain rule; this only says which seat a reader is and reports refusals.
 */
export class CardLogin {
  private readonly status = new Map<number, ReaderStatus>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly o: CardLoginOptions) {
    const { driver, readers } = o;
    this.unsubscribe.push(
      driver.on('readerAttached', (info) => this.setStatus(info.id, 'connected')),
      driver.on('readerDetached', (id) => this.setStatus(id, 'disconnected')),
      driver.on('cardPresent', (readerId, credential) => {
        if (o.enrolment?.takeCard(readerId, credential.uid)) return;
        const seatId = readers.seatOf(readerId);
        if (seatId === null) return o.onWarning(`card on reader ${readerId}, which is not mapped to a seat`);
        this.submit(seatId, readerId, { type: 'presentCard', seatId, cardUid: credential.uid });
      }),
      driver.on('cardRemoved', (readerId) => {
        if (o.enrolment?.takeRemoval(readerId)) return;
        const seatId = readers.seatOf(readerId);
        if (seatId !== null) this.submit(seatId, readerId, { type: 'removeCard', seatId });
      }),
      driver.on('error', (error, readerId) => o.onWarning(`card reader ${readerId ?? '(driver)'} reported an error`, error)),
    );
  }

  readerStatus(seatId: number): ReaderStatus {
    return this.status.get(seatId) ?? 'none';
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private setStatus(readerId: string, status: ReaderStatus): void {
    const seatId = this.o.readers.seatOf(readerId);
    if (seatId === null) return;
    this.status.set(seatId, status);
    this.o.onReaderStatus(seatId, status);
  }

  private submit(seatId: number, readerId: string, command: Parameters<SessionService['submit']>[0]): void {
    this.o.session.submit(command, { kind: 'reader', readerId, seatId }).catch((err: unknown) => this.o.onRefused(seatId, err));
  }
}
