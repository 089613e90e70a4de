import type { CardCredential, CardReaderDriver } from '../../drivers/card-readers/types';
import type { ReaderSeatMap } from '../../drivers/card-readers/reader-map';
import type { SessionService } from './service';
import { DomainError } from '../domain/errors';
import type { Actor } from '../domain/events';

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
  enrolment?: { takeCard(readerId: string, credential: CardCredential): boolean; takeRemoval(readerId: string): boolean };
}

/**
 * Turns card events into session commands. The login model (card lies on the reader, or tap to
 * toggle) is a domain rule; this only says which seat a reader is and reports refusals.
 */
export class CardLogin {
  /** Reader id -> connected; a mapped reader never seen counts as disconnected. */
  private readonly connected = new Map<string, boolean>();
  private readonly unsubscribe: (() => void)[] = [];
  private readers: ReaderSeatMap;

  constructor(private readonly o: CardLoginOptions) {
    const { driver } = o;
    this.readers = o.readers;
    this.unsubscribe.push(
      driver.on('readerAttached', (info) => this.setStatus(info.id, true)),
      driver.on('readerDetached', (id) => this.setStatus(id, false)),
      driver.on('cardPresent', (readerId, credential) => {
        if (credential.authFailure) o.onWarning(`card ${credential.uid} on reader ${readerId} did not prove its key: ${credential.authFailure}`);
        if (o.enrolment?.takeCard(readerId, credential)) return;
        const seatId = this.readers.seatOf(readerId);
        if (seatId === null) return o.onWarning(`card on reader ${readerId}, which is not mapped to a seat`);
        this.submit(seatId, readerId, { type: 'presentCard', seatId, cardUid: credential.uid, assurance: credential.assurance });
      }),
      driver.on('cardRemoved', (readerId) => {
        if (o.enrolment?.takeRemoval(readerId)) return;
        const seatId = this.readers.seatOf(readerId);
        if (seatId !== null) this.submit(seatId, readerId, { type: 'removeCard', seatId });
      }),
      driver.on('error', (error, readerId) => o.onWarning(`card reader ${readerId ?? '(driver)'} reported an error`, error)),
    );
  }

  readerStatus(seatId: number): ReaderStatus {
    const reader = this.readers.readerOf(seatId);
    if (reader === null) return 'none';
    return this.connected.get(reader) === true ? 'connected' : 'disconnected';
  }

  get map(): ReaderSeatMap {
    return this.readers;
  }

  /** A new reader-to-seat map (file edited or reloaded): seats whose reader changed are told. */
  setReaders(readers: ReaderSeatMap): void {
    const seats = new Set([...this.readers.entries(), ...readers.entries()].map(([, seat]) => seat));
    const before = new Map([...seats].map((s) => [s, this.readerStatus(s)]));
    this.readers = readers;
    for (const seat of seats) if (this.readerStatus(seat) !== before.get(seat)) this.o.onReaderStatus(seat, this.readerStatus(seat));
  }

  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private setStatus(readerId: string, connected: boolean): void {
    this.connected.set(readerId, connected);
    const seatId = this.readers.seatOf(readerId);
    if (seatId === null || this.readers.readerOf(seatId) !== readerId) return;
    this.o.onReaderStatus(seatId, this.readerStatus(seatId));
  }

  private submit(seatId: number, readerId: string, command: Parameters<SessionService['submit']>[0]): void {
    const actor: Actor = { kind: 'reader', readerId, seatId };
    this.o.session.submit(command, actor).catch((err: unknown) => {
      if (command.type === 'presentCard') recordIfNotGenuine(this.o.session, err, { seatId, cardUid: command.cardUid, purpose: 'login' }, actor, this.o.onWarning);
      this.o.onRefused(seatId, err);
    });
  }
}

/**
 * A card refused as not genuine is a security note for the record: the attempt is logged as
 * CardAuthenticationFailed (which changes nothing else). Other refusals are not recorded.
 */
export function recordIfNotGenuine(
  session: SessionService,
  err: unknown,
  attempt: { seatId: number | null; cardUid: string; purpose: 'login' | 'registration' },
  actor: Actor,
  onWarning: (message: string, error?: unknown) => void,
): void {
  if (!(err instanceof DomainError) || err.code !== 'card-not-genuine') return;
  session
    .submit({ type: 'recordCardAuthenticationFailure', ...attempt }, actor)
    .catch((e: unknown) => onWarning(`the failed card authentication at seat ${attempt.seatId ?? '-'} could not be recorded`, e));
}
