import {
  GET_UID_APDU,
  loadNfcPcsc,
  pcscdAnswers,
  pcscdSocketPath,
  PcscUnavailableError,
  uidFromResponse,
  type NfcContext,
  type NfcFactory,
  type NfcReader,
} from './nfc-pcsc';
import { TypedEmitter, type CardCredential, type CardReaderDriver, type CardReaderEvents, type CardWork, type ReaderInfo } from './types';
import { CardAuthError, type ApduTransport, type CardAuthenticator } from './card-auth';

export interface PcscDriverOptions {
  /** Creates the nfc-pcsc context; loaded from the optional module when not given. */
  factory?: NfcFactory;
  socketPath?: string;
  /** How often to look for pcscd again after it went away. */
  retryMs?: number;
  /** Whether pcscd answers; checks its socket when not given. */
  probe?: () => Promise<boolean>;
  /**
   * Cloning-resistant cards: after the UID, the card must prove its diversified AES key
   * (AuthenticateEV2First). Only then is the credential's assurance 'challenge-response'.
   */
  authenticator?: CardAuthenticator | null;
  /** How long to wait before reading a card again whose challenge broke off. */
  challengeRetryMs?: number;
}

/** Reads of one card whose challenge broke off, before the driver waits for the next card event. */
const CHALLENGE_ATTEMPTS = 3;

interface ReaderSlot {
  reader: NfcReader;
  info: ReaderInfo;
  /** The UID of the card lying on the reader as far as the server knows. */
  card: string | null;
  /** Bumped on every arrival and removal, so a slow UID read of a card already gone is dropped. */
  generation: number;
  /** The first status after attaching says whether a remembered card is still there. */
  seenStatus: boolean;
  /**
   * The exchange with the card under way (UID read and challenge, or the clerk's set-up): one at
   * a time, so that a second card event of the same card (pcsc-lite may report one twice) cannot
   * put its APDUs between the steps of an authentication.
   */
  exchange: Promise<void>;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Real readers through pcsc-lite (pcscd) with nfc-pcsc. Auto-processing is off: the driver reads
 * the UID itself with GET DATA, which works for every card type. When pcscd goes away (restart,
 * crash) all readers count as detached and the driver reconnects by itself.
 *
 * A reader that goes away keeps its card in memory: a member whose reader was unplugged is not
 * logged out by the fault. When the reader comes back, the same card is no new tap; an empty
 * reader or another card ends the login as a removal would have.
 */
export class PcscCardReaderDriver extends TypedEmitter<CardReaderEvents> implements CardReaderDriver {
  readonly kind = 'pcsc';
  private readonly slots = new Map<string, ReaderSlot>();
  /** Cards on readers that are detached (or not seen yet after a server restart). */
  private readonly remembered = new Map<string, string>();
  private context: NfcContext | null = null;
  private factory: NfcFactory | null;
  private retry: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly o: PcscDriverOptions = {}) {
    super();
    this.factory = o.factory ?? null;
  }

  /** Loads the module and checks that pcscd answers; throws PcscUnavailableError otherwise. */
  async start(): Promise<void> {
    this.factory ??= await loadNfcPcsc();
    const socketPath = this.o.socketPath ?? pcscdSocketPath();
    if (!(await this.probe())) {
      throw new PcscUnavailableError(
        `pcscd does not answer on ${socketPath}. Install and start it: apt-get install -y pcscd && systemctl start pcscd (or run: pcscd)`,
      );
    }
    this.running = true;
    this.open();
  }

  stop(): Promise<void> {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.closeContext();
    return Promise.resolve();
  }

  readers(): ReaderInfo[] {
    return [...this.slots.values()].map((s) => ({ ...s.info }));
  }

  /**
   * Work with the card that lies on this reader, if it is the one with this UID. Every APDU first
   * checks that the card is still the same one (no removal, no other card since): after a removal
   * the transport fails as a pulled card's would.
   */
  withCard<T>(readerId: string, uid: string, work: (apdu: ApduTransport) => Promise<T>): Promise<CardWork<T>> {
    const slot = this.slots.get(readerId);
    if (!slot) return Promise.resolve({ kind: 'card-gone' });
    return this.exclusive(slot, async (): Promise<CardWork<T>> => {
      if (slot.card !== uid || this.slots.get(readerId) !== slot) return { kind: 'card-gone' };
      const generation = slot.generation;
      const present = () => slot.generation === generation && this.slots.get(readerId) === slot;
      const apdu: ApduTransport = (command) => (present() ? slot.reader.transmit(command, 64) : Promise.reject(new Error('the card left the reader')));
      return { kind: 'done', result: await work(apdu) };
    });
  }

  /** Runs `work` after the exchange under way on this reader, and before the next. */
  private exclusive<T>(slot: ReaderSlot, work: () => Promise<T>): Promise<T> {
    const run = slot.exchange.then(work);
    slot.exchange = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** A card the record says lies on a reader (state restored after a server restart). */
  preload(readerId: string, uid: string): void {
    if (!this.slots.has(readerId)) this.remembered.set(readerId, uid.toUpperCase());
  }

  private probe(): Promise<boolean> {
    return this.o.probe ? this.o.probe() : pcscdAnswers(this.o.socketPath ?? pcscdSocketPath());
  }

  private open(): void {
    if (!this.factory || !this.running) return;
    let context: NfcContext;
    try {
      context = this.factory();
    } catch (err) {
      this.emit('error', asError(err), null);
      return this.scheduleReconnect();
    }
    this.context = context;
    context.on('error', (err) => {
      this.emit('error', asError(err), null);
      // the context is dead after a transport error (pcscd stopped); start over
      if (this.context === context) this.lost();
    });
    context.on('reader', (reader) => this.attach(reader, context));
  }

  private lost(): void {
    this.closeContext();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.probe().then((ok) => {
        if (!this.running || this.context) return;
        if (ok) this.open();
        else this.scheduleReconnect();
      });
    }, this.o.retryMs ?? 1000);
  }

  private closeContext(): void {
    const context = this.context;
    this.context = null;
    for (const id of [...this.slots.keys()]) this.detach(id);
    if (!context) return;
    context.removeAllListeners();
    // nfc.close() emits "Command cancelled" errors: an unhandled 'error' would end the process
    context.on('error', () => undefined);
    try {
      context.close();
    } catch (err) {
      this.emit('error', asError(err), null);
    }
  }

  private attach(reader: NfcReader, context: NfcContext): void {
    const id = reader.name;
    if (this.slots.has(id)) this.detach(id);
    reader.autoProcessing = false;
    const slot: ReaderSlot = {
      reader,
      info: { id, name: reader.name, connected: true },
      card: this.remembered.get(id) ?? null,
      generation: 0,
      seenStatus: false,
      exchange: Promise.resolve(),
    };
    this.remembered.delete(id);
    this.slots.set(id, slot);
    reader.on('error', (err) => {
      this.emit('error', asError(err), id);
      // a reader's status watch ended (pcscd restarted, handles invalid): pcsc-lite does not
      // always report that on the context, and a half-recovered context loses readers
      if (/SCardGetStatusChange/.test(asError(err).message) && this.context === context) this.lost();
    });
    reader.reader.on('status', (status) => {
      if (slot.seenStatus) return;
      slot.seenStatus = true;
      // the remembered card left while the reader was away
      if (status.state & reader.reader.SCARD_STATE_EMPTY) this.cardGone(slot);
    });
    reader.on('card', (card) => {
      slot.generation += 1;
      const generation = slot.generation;
      void this.exclusive(slot, () => this.readUid(slot, generation, card.atr));
    });
    reader.on('card.off', () => this.cardGone(slot));
    reader.on('end', () => {
      if (this.slots.get(id) === slot) this.detach(id);
    });
    this.emit('readerAttached', { ...slot.info });
  }

  private detach(id: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    this.slots.delete(id);
    if (slot.card !== null) this.remembered.set(id, slot.card);
    slot.generation += 1;
    slot.reader.removeAllListeners();
    // a late library error must not become an unhandled 'error' event
    slot.reader.on('error', () => undefined);
    this.emit('readerDetached', id);
  }

  private cardGone(slot: ReaderSlot): void {
    slot.generation += 1;
    if (slot.card === null) return;
    slot.card = null;
    this.emit('cardRemoved', slot.info.id);
  }

  private async readUid(slot: ReaderSlot, generation: number, atr: Buffer | undefined, attempt = 1): Promise<void> {
    try {
      const uid = uidFromResponse(await slot.reader.transmit(GET_UID_APDU, 12));
      // the card left (or another came) while we were reading: its own events tell the rest
      if (slot.generation !== generation || this.slots.get(slot.info.id) !== slot) return;
      // a card lying on the reader is one tap, however often the reader reports it
      if (slot.card === uid) return;
      const proof = await this.challenge(slot, uid);
      if (slot.generation !== generation || this.slots.get(slot.info.id) !== slot) return;
      if (proof === null) return this.readAgainLater(slot, generation, atr, attempt);
      if (slot.card === uid) return;
      if (slot.card !== null) this.cardGone(slot);
      slot.card = uid;
      this.emit('cardPresent', slot.info.id, { uid, ...(atr ? { atr: atr.toString('hex').toUpperCase() } : {}), ...proof });
    } catch (err) {
      this.emit('error', new Error(`could not read the card on ${slot.info.id}: ${asError(err).message}`), slot.info.id);
    }
  }

  /**
   * The challenge broke off (the card left, or the link failed). If the card really left, pcscd
   * says so and the generation moves on. If pcscd still sees a card (put back before its next
   * presence poll, or a glitch), no new card event will ever come: read it again, a few times.
   */
  private readAgainLater(slot: ReaderSlot, generation: number, atr: Buffer | undefined, attempt: number): void {
    if (attempt >= CHALLENGE_ATTEMPTS) return;
    const timer = setTimeout(() => {
      if (slot.generation !== generation || this.slots.get(slot.info.id) !== slot || slot.card !== null) return;
      void this.exclusive(slot, () => this.readUid(slot, generation, atr, attempt + 1));
    }, this.o.challengeRetryMs ?? 500);
    timer.unref();
  }

  /**
   * AuthenticateEV2First with the card's diversified key, bounded by the authenticator's
   * timeout: a card that fails, answers nonsense or hangs is a UID card, never a stuck reader. A
   * card that was pulled away mid-challenge (the transport failed) is no tap at all, and no
   * false alarm about a clone: the driver reports the fault and waits for the next card.
   */
  private async challenge(slot: ReaderSlot, uid: string): Promise<Pick<CardCredential, 'assurance' | 'authFailure' | 'previousKey'> | null> {
    const auth = this.o.authenticator;
    if (!auth) return { assurance: 'uid' };
    try {
      const result = await auth.verify((apdu) => slot.reader.transmit(apdu, 64), uid);
      return { assurance: 'challenge-response', ...(result.previousKey ? { previousKey: true as const } : {}) };
    } catch (err) {
      if (err instanceof CardAuthError && err.reason === 'transport-error') {
        this.emit('error', new Error(`the card on ${slot.info.id} left during the challenge (${err.message})`), slot.info.id);
        return null;
      }
      return { assurance: 'uid', authFailure: err instanceof CardAuthError ? err.message : `error: ${asError(err).message}` };
    }
  }
}
