import { randomBytes } from 'node:crypto';
import { TypedEmitter, type CardCredential, type CardReaderDriver, type CardReaderEvents, type CardWork, type ReaderInfo } from './types';
import { CardAuthError, type ApduTransport, type CardAuthenticator } from './card-auth';
import { FACTORY_KEY } from './ntag424-personalise';
import { Ntag424Application } from './virtual-ntag424';

/**
 * A demo card: genuine (carries its diversified key), a clone (the UID copied onto a card
 * without it), or a new card as it leaves the factory (an NTAG 424 DNA with the factory key, to
 * be personalised at the clerk's registration; it keeps what is written onto it), or (tests of a
 * key rotation) a genuine card that still carries the key of the previous master key.
 */
export type SimulatedCard = 'genuine' | 'clone' | 'factory' | 'previous';

/** New demo cards remembered at most (each is a few hundred bytes). */
const MAX_FACTORY_CARDS = 1000;

/** How a card without an AES application answers: it does not know the application's name. */
const noApplication: ApduTransport = (apdu) => Promise.resolve(apdu[1] === 0xa4 ? Buffer.from([0x6a, 0x82]) : Buffer.from([0x6d, 0x00]));

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
  /** How the card lying on each reader answers APDUs (plain UID cards: no application). */
  private readonly answers = new Map<string, ApduTransport>();
  /** New cards by UID: each is one physical card, which keeps the key written onto it. */
  private readonly factoryCards = new Map<string, Ntag424Application>();

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
    return this.put(readerId, uid, { assurance, ...(authFailure ? { authFailure } : {}) }, noApplication);
  }

  private put(readerId: string, uid: string, proof: Omit<CardCredential, 'uid' | 'atr'>, answer: ApduTransport): boolean {
    const r = this.state.get(readerId);
    if (!this.running || !r || !r.info.connected) return false;
    const normalized = uid.replace(/[\s:]/g, '').toUpperCase();
    this.taps.set(readerId, (this.taps.get(readerId) ?? 0) + 1);
    if (r.card === normalized) return true;
    if (r.card !== null) this.remove(readerId);
    r.card = normalized;
    this.answers.set(readerId, answer);
    this.emit('cardPresent', readerId, { uid: normalized, ...proof });
    return true;
  }

  /**
   * Puts a genuine, a cloned or a new card on a reader. With a card key configured the driver
   * runs the real challenge (AuthenticateEV2First) against a software NTAG 424 DNA: the genuine
   * card holds its diversified key, the new card the factory key (or what was written onto it
   * since), the clone has the UID but no AES application. Without a key there is nothing to prove
   * and all are plain UID cards, as on a real reader.
   */
  async tapCard(readerId: string, uid: string, card: SimulatedCard): Promise<boolean> {
    const r = this.state.get(readerId);
    if (!this.running || !r || !r.info.connected) return false;
    const normalized = uid.replace(/[\s:]/g, '').toUpperCase();
    const model = this.modelOf(normalized, card);
    const answer: ApduTransport = model ? (apdu) => Promise.resolve(model.answer(apdu) ?? Buffer.from([0x6d, 0x00])) : noApplication;
    const auth = this.o.authenticator;
    if (!auth) return this.put(readerId, normalized, { assurance: 'uid' }, answer);
    const tapNo = (this.taps.get(readerId) ?? 0) + 1;
    this.taps.set(readerId, tapNo);
    let proof: Omit<CardCredential, 'uid' | 'atr'>;
    try {
      const result = await auth.verify(answer, normalized);
      proof = { assurance: 'challenge-response', ...(result.previousKey ? { previousKey: true as const } : {}) };
    } catch (err) {
      proof = { assurance: 'uid', authFailure: err instanceof CardAuthError ? err.message : String(err) };
    }
    // another tap or a removal came while the challenge ran
    if (this.taps.get(readerId) !== tapNo) return false;
    return this.put(readerId, normalized, proof, answer);
  }

  /** The software card behind a demo card; null for a clone (no AES application). */
  private modelOf(uid: string, card: SimulatedCard): Ntag424Application | null {
    if (card === 'clone') return null;
    if (card === 'genuine' || card === 'previous') {
      const auth = this.o.authenticator;
      if (!auth) return null;
      // without a rotation under way, a key nobody here knows
      const key = card === 'genuine' ? auth.cardKey(uid) : (auth.previousCardKey(uid) ?? randomBytes(16));
      return new Ntag424Application({ keys: new Map([[0, key]]) });
    }
    let blank = this.factoryCards.get(uid);
    if (!blank) {
      blank = new Ntag424Application({ keys: new Map([[0, FACTORY_KEY]]) });
      this.factoryCards.set(uid, blank);
      // a demo's stack of new cards, not a store: the oldest go first
      if (this.factoryCards.size > MAX_FACTORY_CARDS) this.factoryCards.delete(this.factoryCards.keys().next().value!);
    }
    return blank;
  }

  /** Work with the card lying on this reader, while it is the one with this UID and lies there. */
  async withCard<T>(readerId: string, uid: string, work: (apdu: ApduTransport) => Promise<T>): Promise<CardWork<T>> {
    const r = this.state.get(readerId);
    if (!this.running || !r || r.card !== uid) return { kind: 'card-gone' };
    const tapNo = this.taps.get(readerId);
    const answer = this.answers.get(readerId) ?? noApplication;
    const apdu: ApduTransport = (command) =>
      this.taps.get(readerId) === tapNo && r.card === uid ? answer(command) : Promise.reject(new Error('the card left the reader'));
    return { kind: 'done', result: await work(apdu) };
  }

  remove(readerId: string): boolean {
    const r = this.state.get(readerId);
    if (!this.running || !r || r.card === null) return false;
    this.taps.set(readerId, (this.taps.get(readerId) ?? 0) + 1);
    r.card = null;
    this.answers.delete(readerId);
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
