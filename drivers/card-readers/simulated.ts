import { TypedEmitter, type CardCredential, type CardReaderDriver, type CardReaderEvents, type ReaderInfo } from './types';
import { CardAuthError, type CardAuthenticator } from './card-auth';
import { Ntag424Application } from './virtual-ntag424';

/** A demo card: genuine (carries its diversified key) or a clone (the UID copied onto a card without it). */
export type SimulatedCard = 'genuine' | 'clone';

/**
 * A card-reader driver without hardware, for demo mode and tests. It behaves like a physical
 * reader: a card stays present until removed, a card lying there does not repeat its event,
 * and a different card arriving first removes the one before.
 */
export class SimulatedCardReaderDriver extends TypedEmitter<CardReaderEvents> implements CardReaderDriver {
  readonly kind = 'simulated';
  private readonly state = new Map<string, { info: ReaderInfo; card: string | null }>();
  private running = false;
  /** Bumped per reader on every tap and removal: a challenge still running for a card already gone is dropped. */
  private readonly taps = new Map<string, number>();

  constructor(
    readerIds: Iterable<string> = [],
    private readonly o: { authenticator?: CardAuthenticator | null } = {},
  ) {
    super();
    for (const id of readerIds) this.state.set(id, { info: { id, name: `Simulated reader ${id}`, connected: true }, card: null });
  }

  start(): Promise<void> {
    this.running = true;
    for (const { info } of this.state.values()) this.emit('readerAttached', { ...info });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  readers(): ReaderInfo[] {
    return [...this.state.values()].map((r) => ({ ...r.info }));
  }

  /** Whether this driver has a reader of that id (connected or not). */
  has(readerId: string): boolean {
    return this.state.has(readerId);
  }

  attach(readerId: string): void {
    const existing = this.state.get(readerId);
    const info = { id: readerId, name: existing?.info.name ?? `Simulated reader ${readerId}`, connected: true };
    this.state.set(readerId, { info, card: null });
    if (this.running) this.emit('readerAttached', { ...info });
  }

  detach(readerId: string): void {
    const r = this.state.get(readerId);
    if (!r || !r.info.connected) return;
    if (r.card !== null) this.remove(readerId);
    r.info.connected = false;
    if (this.running) this.emit('readerDetached', readerId);
  }

  /** Puts a card on a reader. Returns false if the reader is unknown, disconnected or stopped. */
  tap(readerId: string, uid: string, assurance: CardCredential['assurance'] = 'uid', authFailure?: string): boolean {
    const r = this.state.get(readerId);
    if (!this.running || !r || !r.info.connected) return false;
    const normalized = uid.replace(/[\s:]/g, '').toUpperCase();
    this.taps.set(readerId, (this.taps.get(readerId) ?? 0) + 1);
    if (r.card === normalized) return true;
    if (r.card !== null) this.remove(readerId);
    r.card = normalized;
    this.emit('cardPresent', readerId, { uid: normalized, assurance, ...(authFailure ? { authFailure } : {}) });
    return true;
  }

  /**
   * Puts a genuine or a cloned card on a reader. With a card key configured the driver runs the
   * real challenge (AuthenticateEV2First) against a software NTAG 424 DNA: the genuine card holds
   * its diversified key, the clone has the UID but no AES application. Without a key there is
   * nothing to prove and both are plain UID cards, as on a real reader.
   */
  async tapCard(readerId: string, uid: string, card: SimulatedCard): Promise<boolean> {
    const r = this.state.get(readerId);
    if (!this.running || !r || !r.info.connected) return false;
    const auth = this.o.authenticator;
    if (!auth) return this.tap(readerId, uid, 'uid');
    const normalized = uid.replace(/[\s:]/g, '').toUpperCase();
    const tapNo = (this.taps.get(readerId) ?? 0) + 1;
    this.taps.set(readerId, tapNo);
    // a clone has the UID but no AES application: it does not know the application's name
    const model = card === 'genuine' ? new Ntag424Application({ keys: new Map([[0, auth.cardKey(normalized)]]) }) : null;
    const answer = (apdu: Buffer) =>
      Promise.resolve(model?.answer(apdu) ?? (apdu[1] === 0xa4 ? Buffer.from([0x6a, 0x82]) : Buffer.from([0x6d, 0x00])));
    let failure: string | undefined;
    try {
      await auth.verify(answer, normalized);
    } catch (err) {
      failure = err instanceof CardAuthError ? err.message : String(err);
    }
    // another tap or a removal came while the challenge ran
    if (this.taps.get(readerId) !== tapNo) return false;
    return this.tap(readerId, normalized, failure === undefined ? 'challenge-response' : 'uid', failure);
  }

  remove(readerId: string): boolean {
    const r = this.state.get(readerId);
    if (!this.running || !r || r.card === null) return false;
    this.taps.set(readerId, (this.taps.get(readerId) ?? 0) + 1);
    r.card = null;
    this.emit('cardRemoved', readerId);
    return true;
  }

  /** Sets a card as already lying on a reader, without an event (state restored after a restart). */
  preload(readerId: string, uid: string): void {
    const r = this.state.get(readerId);
    if (r) r.card = uid.toUpperCase();
  }

  cardOn(readerId: string): string | null {
    return this.state.get(readerId)?.card ?? null;
  }
}
