import type { ApduTransport } from './card-auth';

/**
 * The card-reader seam. A driver knows readers and cards, nothing of seats or members:
 * a ReaderSeatMap says which reader is which seat, and the server turns events into commands.
 */

/** What a card presented. Room for a cryptographic check later (challenge-response proof). */
export interface CardCredential {
  /** UID as upper-case hex without separators, 4 to 10 bytes. */
  uid: string;
  /** Answer to reset, upper-case hex, when the reader reports it. */
  atr?: string;
  /** How the identity was established: a plain UID read, or a verified challenge-response. */
  assurance: 'uid' | 'challenge-response';
  /** Why a challenge the driver ran failed (for the server log); absent when none was run or it succeeded. */
  authFailure?: string;
  /** The challenge passed only with the previous master key (a key rotation is under way). */
  previousKey?: true;
}

/**
 * What became of work with a card on a reader: done (with the work's result), the card is no
 * longer there (left, or another card came), or the driver cannot reach cards on that reader
 * (a seat agent's reader, a keyboard wedge).
 */
export type CardWork<T> = { kind: 'done'; result: T } | { kind: 'card-gone' } | { kind: 'unsupported' };

export interface ReaderInfo {
  id: string;
  name: string;
  connected: boolean;
}

export interface CardReaderEvents {
  readerAttached: [reader: ReaderInfo];
  readerDetached: [readerId: string];
  /** A card arrived on a reader. A card left lying there does not repeat this event. */
  cardPresent: [readerId: string, credential: CardCredential];
  cardRemoved: [readerId: string];
  /** A driver fault; never thrown at the server. */
  error: [error: Error, readerId: string | null];
}

export type CardReaderEventName = keyof CardReaderEvents;

export interface CardReaderDriver {
  readonly kind: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  readers(): ReaderInfo[];
  /**
   * Runs `work` with a transport to the card with this UID while it lies on this reader
   * (personalisation at the clerk's registration). A transport call after the card left fails.
   * Drivers that cannot reach a card leave this out.
   */
  withCard?<T>(readerId: string, uid: string, work: (apdu: ApduTransport) => Promise<T>): Promise<CardWork<T>>;
  on<E extends CardReaderEventName>(event: E, listener: (...args: CardReaderEvents[E]) => void): () => void;
}

/** A minimal typed event emitter: listener errors are contained so a UI bug cannot stop a driver. */
export class TypedEmitter<M extends { [K in keyof M]: unknown[] }> {
  private readonly listeners = new Map<keyof M, Set<(...args: unknown[]) => void>>();

  on<E extends keyof M>(event: E, listener: (...args: M[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    const stored = listener as unknown as (...args: unknown[]) => void;
    set.add(stored);
    this.listeners.set(event, set);
    return () => set.delete(stored);
  }

  protected emit<E extends keyof M>(event: E, ...args: M[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(...args);
      } catch (err) {
        console.error(`listener for ${String(event)} failed`, err);
      }
    }
  }
}
